"""Reopening (the Committee): a submitted assessment becomes editable again, with a reason; the
POC is told by DM and the Committee channel in a line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows import outbox, policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.notices import Compose, Notice
from bot.workflows.review.submission_views import SubmissionView, view_of
from bot.workflows.review.submissions import Receipt, active_submission, lock_jurisdiction
from bot.workflows.sentences import someone
from store.enums import Role
from store.models import Participant, Submission

REASON_LIMIT = 1000


def reopen_form(session: Session, *, user: str, jurisdiction_text: str) -> SubmissionView:
    """The active submission a Committee member wants to reopen; refused when there is none."""
    policy.check(policy.load_actor(session, user), policy.Action.REOPEN)
    if not jurisdiction_text.strip():
        raise InvalidInput("Say which jurisdiction to reopen, e.g. `/assess reopen TX`.")
    code = resolve_jurisdiction(session, jurisdiction_text)
    active = active_submission(session, require_open_cycle(session).id, code)
    if active is None:
        raise NotFound(f"{code} has no submitted assessment in the open cycle; nothing to reopen.")
    return view_of(active)


def reopen(
    session: Session,
    compose: Compose,
    *,
    user: str,
    submission_id: int,
    reason: str,
    committee_channel: str,
    now: datetime,
) -> Receipt:
    """Unlock a submitted assessment with a reason; the POC is told by DM, the channel in a line."""
    reason = reason.strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise InvalidInput(f"Please give a reason (1 to {REASON_LIMIT} characters).")
    row = session.get(Submission, submission_id)
    if row is None:
        raise NotFound("That submission is no longer known.")
    policy.check(policy.load_actor(session, user), policy.Action.REOPEN)
    lock_jurisdiction(session, row.jurisdiction_code)
    session.refresh(row)  # what a concurrent reopening wrote while this one waited for the lock
    if row.reopened_at is not None:
        raise InvalidInput(
            "{place}'s submission was already reopened by {by}.",
            place=row.jurisdiction_code,
            by=someone(row.reopened_by or ""),
        )
    row.reopened_at, row.reopened_by, row.reopen_reason = now, user, reason
    session.flush()
    pocs = _pocs(session, row.jurisdiction_code)
    messages = [(poc, f"reopen:{row.id}:{poc}") for poc in pocs]
    if committee_channel:
        messages.append((committee_channel, f"reopen:{row.id}:committee"))
    reopened = {
        "jurisdiction_code": row.jurisdiction_code,
        "submitted_at": row.submitted_at.isoformat(),
        "submitted_by": row.submitted_by,
        "reopened_by": user,
        "reopen_reason": reason,
    }
    for recipient, key in messages:
        notice = Notice("reopen", recipient, {"row": reopened, "to_poc": recipient in pocs})
        outbox.notify(session, compose, notice, key=key, now=now)
    keys = tuple(key for _, key in messages)
    return Receipt(view_of(row), keys, told=tuple(pocs), homes=(user, *pocs))


def _pocs(session: Session, jurisdiction: str) -> list[str]:
    rows = session.scalars(
        select(Participant.slack_user_id).where(
            Participant.jurisdiction_code == jurisdiction,
            Participant.role == Role.POC,
            Participant.active.is_(True),
        )
    )
    return list(dict.fromkeys(rows))
