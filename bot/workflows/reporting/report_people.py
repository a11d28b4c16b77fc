"""The people a state report names, and its submission state: names, never Slack ids (an id
stands in only while no name is known, with the agency beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.people.names import display_names, label
from bot.workflows.reporting.export import AnswerRow
from store.enums import CycleStatus
from store.models import Answer, Cycle, Participant, Submission


@dataclass(frozen=True)
class SubmissionState:
    state: str  # submitted | reopened | not_submitted
    submitted_at: datetime | None = None
    submitted_by: str = ""
    reopened_at: datetime | None = None
    reopened_by: str = ""
    reason: str = ""


def answerers(rows: list[AnswerRow]) -> tuple[str, ...]:
    """Everyone who gave an answer, by name (the agency beside an id no name is known for)."""
    found = {r.answered_by_name for r in rows if r.answered_by}
    return tuple(sorted(found, key=str.casefold))


def people(session: Session, code: str, cycle: Cycle, answers: list[AnswerRow]) -> dict[str, Any]:
    """The POC and the agencies taking part (active participants); for a closed cycle, the
    agencies that answered in it and no POC of today's."""
    if cycle.status != CycleStatus.OPEN:
        then = {r.agency for r in answers if r.agency and r.answered_by}
        return {"poc": "", "agencies": tuple(sorted(then, key=str.casefold))}
    rows = list(
        session.scalars(
            select(Participant).where(
                Participant.jurisdiction_code == code, Participant.active.is_(True)
            )
        )
    )
    poc = next((p for p in rows if p.role == "poc"), None)
    agencies = sorted({p.agency for p in rows if p.agency}, key=str.casefold)
    if poc is None:
        return {"poc": "", "agencies": tuple(agencies)}
    name = display_names(session, [poc.slack_user_id])[poc.slack_user_id]
    return {"poc": label(poc.slack_user_id, name, poc.agency), "agencies": tuple(agencies)}


def submission_state(session: Session, cycle_id: int, code: str) -> SubmissionState:
    """The latest hand-in decides: still standing, reopened by the Committee, or none at all."""
    latest = session.scalar(
        select(Submission)
        .where(Submission.cycle_id == cycle_id, Submission.jurisdiction_code == code)
        .order_by(Submission.id.desc())
    )
    if latest is None:
        return SubmissionState("not_submitted")
    names = display_names(session, [latest.submitted_by, latest.reopened_by or ""])
    return SubmissionState(
        "submitted" if latest.reopened_at is None else "reopened",
        submitted_at=latest.submitted_at.astimezone(UTC),
        submitted_by=names[latest.submitted_by],
        reopened_at=latest.reopened_at.astimezone(UTC) if latest.reopened_at else None,
        reopened_by=names[latest.reopened_by or ""],
        reason=latest.reopen_reason,
    )


def people_in_reports(session: Session) -> list[str]:
    """Everyone a report may name: participants, whoever answered, submitted or reopened."""
    found: set[str] = set(session.scalars(select(Participant.slack_user_id)))
    found.update(session.scalars(select(Answer.answered_by).distinct()))
    for by, again in session.execute(select(Submission.submitted_by, Submission.reopened_by)):
        found.update(u for u in (by, again) if u)
    return sorted(u for u in found if u)
