"""Recording answers: every change bumps the version and appends a history row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.errors import InvalidInput
from store.models import Answer, AnswerHistory

NOTES_LIMIT = 3000


@dataclass(frozen=True)
class Change:
    """What one call changed; `changed` is False when the values were already so."""

    answer: Answer
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
) -> Change:
    """Set any of status, notes and resources needed; None leaves a field as it is, and text
    that is only whitespace is no text. The same values set again by the same person change
    nothing. `existing` is the current row when the caller has already loaded it."""
    notes, resources = _text("Notes", notes), _text("Resources needed", resources)
    answer = (
        current(session, cycle_id, jurisdiction, rec_id) if isinstance(existing, str) else existing
    )
    before = (answer.status, answer.notes, answer.resources_needed) if answer else (None, "", "")
    after = (
        status if status is not None else before[0],
        notes if notes is not None else before[1],
        resources if resources is not None else before[2],
    )
    before_by = answer.answered_by if answer else ""
    same_person = before[0] is None or before_by == actor
    if answer is not None and after == before and same_person:
        return Change(answer, False, before[0], before_by)
    if answer is None:
        answer = Answer(
            cycle_id=cycle_id, jurisdiction_code=jurisdiction, recommendation_id=rec_id, version=0
        )
        session.add(answer)
    answer.status, answer.notes, answer.resources_needed = after
    # Notes alone do not make an answer: nobody is on record until a status is chosen.
    answered = after[0] is not None
    answer.answered_by, answer.agency = (actor, agency) if answered else ("", "")
    answer.answered_at = now
    answer.version += 1
    session.flush()
    session.add(
        AnswerHistory(
            answer_id=answer.id,
            cycle_id=cycle_id,
            jurisdiction_code=jurisdiction,
            recommendation_id=rec_id,
            version=answer.version,
            before_status=before[0],
            after_status=after[0],
            before_notes=before[1],
            after_notes=after[1],
            before_resources=before[2],
            after_resources=after[2],
            changed_by=actor,
            agency=agency,
            changed_at=now,
            source=source,
        )
    )
    return Change(answer, True, before[0], before_by)


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
