"""Submission state: a submitted assessment is read-only until the Committee reopens it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.errors import Locked
from store.models import Submission


def active_submission(session: Session, cycle_id: int, jurisdiction: str) -> Submission | None:
    return session.scalar(
        select(Submission)
        .where(
            Submission.cycle_id == cycle_id,
            Submission.jurisdiction_code == jurisdiction,
            Submission.reopened_at.is_(None),
        )
        .order_by(Submission.id.desc())
    )


def ensure_open(session: Session, cycle_id: int, jurisdiction: str) -> None:
    """Raise Locked, naming when and by whom, if the jurisdiction has submitted."""
    found = active_submission(session, cycle_id, jurisdiction)
    if found is not None:
        raise Locked(
            f"{jurisdiction}'s assessment was submitted on {found.submitted_at:%Y-%m-%d} by "
            f"<@{found.submitted_by}>; nothing was recorded. The Committee can reopen it."
        )
