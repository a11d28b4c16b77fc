"""Retention: a closed cycle's notes, review comments, reopening reasons, the messages that
carried them, and its history are purged a set number of days after it closed
(RETENTION_DAYS, a clock job), or at once by hand (`cycle purge NAME`). The answers themselves,
their status and who gave them, stay: they are the jurisdiction's assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from store.enums import CycleStatus, OutboxStatus
from store.models import Answer, AnswerHistory, Cycle, OutboxMessage, Review, Submission

PURGED = "(removed after the cycle's retention period)"


@dataclass(frozen=True)
class Purged:
    cycle: str
    history: int  # history rows deleted
    notes: int  # answers whose notes or resources were cleared


def purge_cycle(session: Session, *, name: str, actor: str, now: datetime) -> Purged:
    """Delete a closed cycle's answer history and clear its notes, resources and review
    comments; refused for the open cycle. Running it again changes nothing more."""
    cycle = session.scalar(select(Cycle).where(Cycle.name == " ".join(name.split())))
    if cycle is None:
        raise NotFound("No cycle named “{name}”.", name=name)
    if cycle.status == CycleStatus.OPEN:
        raise InvalidInput(
            "Cycle “{name}” is still open; close it before purging it.", name=cycle.name
        )
    return _purge(session, cycle, actor=actor, now=now)


def purge_expired(session: Session, *, days: int, now: datetime) -> list[Purged]:
    """The retention job step: purge every closed cycle that closed more than `days` ago.

    A cycle closed before closing times were recorded starts its retention period now."""
    for unstamped in session.scalars(
        select(Cycle).where(Cycle.status == CycleStatus.CLOSED, Cycle.closed_at.is_(None))
    ):
        unstamped.closed_at = now
    due = session.scalars(
        select(Cycle).where(
            Cycle.status == CycleStatus.CLOSED,
            Cycle.purged_at.is_(None),
            Cycle.closed_at <= now - timedelta(days=days),
        )
    )
    return [_purge(session, cycle, actor="retention", now=now) for cycle in list(due)]


def _purge(session: Session, cycle: Cycle, *, actor: str, now: datetime) -> Purged:
    answers = select(Answer.id).where(Answer.cycle_id == cycle.id)
    history = session.execute(delete(AnswerHistory).where(AnswerHistory.cycle_id == cycle.id))
    notes = session.execute(
        update(Answer)
        .where(Answer.cycle_id == cycle.id, (Answer.notes != "") | (Answer.resources_needed != ""))
        .values(notes="", resources_needed="")
    )
    reviews = select(Review.id).where(Review.answer_id.in_(answers))
    session.execute(update(Review).where(Review.id.in_(reviews)).values(comment=""))
    submissions = select(Submission.id).where(Submission.cycle_id == cycle.id)
    session.execute(
        update(Submission).where(Submission.id.in_(submissions)).values(reopen_reason="")
    )
    _purge_messages(session, reviews, submissions)
    cycle.purged_at = now
    found = Purged(cycle.name, _count(history), _count(notes))
    scope = f"cycle {cycle.name!r}: {found.history} history rows, {found.notes} answers' notes"
    audit.record(session, actor=actor, action=Audited.PURGE, scope=scope, now=now)
    return found


def _purge_messages(session: Session, reviews: Select[int], submissions: Select[int]) -> None:
    """Messages that quoted a review comment or a reopening reason keep only that they were sent:
    their keys name the review (`review:<id>:…`) or the submission (`reopen:<id>:…`,
    `submission:<id>:…`). One still waiting is never sent."""
    keys = [f"review:{r}:" for r in session.scalars(reviews)]
    for row in session.scalars(submissions):
        keys += [f"reopen:{row}:", f"submission:{row}:"]
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        matched = or_(
            *(OutboxMessage.idempotency_key.startswith(k, autoescape=True) for k in chunk)
        )
        session.execute(
            update(OutboxMessage).where(matched).values(payload={"text": PURGED}, last_error="")
        )
        session.execute(
            update(OutboxMessage)
            .where(matched, OutboxMessage.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.FAILED,
                failure_reported=True,
                claimed_until=None,
                claim_token=None,
            )
        )


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
