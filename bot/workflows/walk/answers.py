"""Recording answers: every change bumps the version and appends a history row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Literal, NamedTuple, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.errors import InvalidInput
from store.models import Answer, AnswerHistory

NOTES_LIMIT = 3000


class Answered(Protocol):
    """An answer's values: the ORM row, or the lighter `Found` a walk interaction reads."""

    @property
    def status(self) -> str | None: ...
    @property
    def notes(self) -> str: ...
    @property
    def resources_needed(self) -> str: ...
    @property
    def answered_by(self) -> str: ...
    @property
    def agency(self) -> str: ...
    @property
    def answered_at(self) -> datetime: ...
    @property
    def version(self) -> int: ...


class Found(NamedTuple):
    """An answer as read by one walk interaction: its values, without the ORM's bookkeeping
    (a click reads a topic's answers and writes at most one)."""

    id: int
    recommendation_id: str
    status: str | None
    notes: str
    resources_needed: str
    answered_by: str
    agency: str
    answered_at: datetime
    version: int


A = TypeVar("A", Answer, Found)
Values = tuple[str | None, str, str]  # status, notes, resources needed


@dataclass(frozen=True)
class Change(Generic[A]):
    """What one call changed; `changed` is False when the values were already so."""

    answer: A
    changed: bool
    before_status: str | None
    before_by: str


def current(session: Session, cycle_id: int, jurisdiction: str, rec_id: str) -> Answer | None:
    return session.scalar(
        select(Answer).where(
            Answer.cycle_id == cycle_id,
            Answer.jurisdiction_code == jurisdiction,
            Answer.recommendation_id == rec_id,
        )
    )


def record(
    session: Session,
    *,
    cycle_id: int,
    jurisdiction: str,
    rec_id: str,
    actor: str,
    agency: str,
    source: str,
    now: datetime,
    status: str | None = None,
    notes: str | None = None,
    resources: str | None = None,
    existing: Answer | Literal["load"] | None = "load",
) -> Change[Answer]:
    """Set any of status, notes and resources needed (see `values_after`). `existing` is the
    current row when the caller has already loaded it."""
    answer = (
        current(session, cycle_id, jurisdiction, rec_id) if isinstance(existing, str) else existing
    )
    before, after, changes = values_after(answer, actor, status, notes, resources)
    before_by = answer.answered_by if answer else ""
    if answer is not None and not changes:
        return Change(answer, False, before[0], before_by)
    if answer is None:
        answer = Answer(
            cycle_id=cycle_id, jurisdiction_code=jurisdiction, recommendation_id=rec_id, version=0
        )
        session.add(answer)
    answer.status, answer.notes, answer.resources_needed = after
    answer.answered_by, answer.agency = on_record(after, actor, agency)
    answer.answered_at = now
    answer.version += 1
    session.flush()
    session.add(
        AnswerHistory(
            **history_values(before, after, answer.id, answer.version, actor, agency, now),
            cycle_id=cycle_id,
            jurisdiction_code=jurisdiction,
            recommendation_id=rec_id,
            source=source,
        )
    )
    return Change(answer, True, before[0], before_by)


def values_after(
    answer: Answered | None,
    actor: str,
    status: str | None,
    notes: str | None,
    resources: str | None,
) -> tuple[Values, Values, bool]:
    """The values before and after, and whether that is a change. None leaves a field as it is,
    and text that is only whitespace is no text. The same values set again by the same person
    change nothing (a new answer is always a change)."""
    notes, resources = _text("Notes", notes), _text("Resources needed", resources)
    before = (answer.status, answer.notes, answer.resources_needed) if answer else (None, "", "")
    after = (
        status if status is not None else before[0],
        notes if notes is not None else before[1],
        resources if resources is not None else before[2],
    )
    same_person = answer is None or before[0] is None or answer.answered_by == actor
    return before, after, answer is None or after != before or not same_person


def on_record(after: Values, actor: str, agency: str) -> tuple[str, str]:
    """Who answered: notes alone do not make an answer, nobody is on record until a status is
    chosen."""
    return (actor, agency) if after[0] is not None else ("", "")


def history_values(
    before: Values,
    after: Values,
    answer_id: int,
    version: int,
    actor: str,
    agency: str,
    now: datetime,
) -> dict[str, object]:
    """The history row of one change (besides where it belongs and its source)."""
    return {
        "answer_id": answer_id,
        "version": version,
        "before_status": before[0],
        "after_status": after[0],
        "before_notes": before[1],
        "after_notes": after[1],
        "before_resources": before[2],
        "after_resources": after[2],
        "changed_by": actor,
        "agency": agency,
        "changed_at": now,
    }


def _text(label: str, text: str | None) -> str | None:
    if text is None:
        return None
    if len(text) > NOTES_LIMIT:
        raise InvalidInput(f"{label} can be at most {NOTES_LIMIT} characters ({len(text)} given).")
    return text if text.strip() else ""


def history(session: Session, cycle_id: int, jurisdiction: str) -> list[AnswerHistory]:
    return list(
        session.scalars(
            select(AnswerHistory)
            .where(
                AnswerHistory.cycle_id == cycle_id, AnswerHistory.jurisdiction_code == jurisdiction
            )
            .order_by(AnswerHistory.id)
        )
    )
