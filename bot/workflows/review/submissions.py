"""Submission state: a submitted assessment is read-only until the Committee reopens it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import outbox, policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.review.model import topic_reviews
from bot.workflows.review.submission_views import (
    SubmissionView,
    Summary,
    count_answers,
    still_open,
    view_of,
)
from bot.workflows.sentences import someone
from store.enums import Role
from store.models import Cycle, Jurisdiction, Participant, Submission

REASON_LIMIT = 1000


@dataclass(frozen=True)
class Receipt:
    """What a submission or a reopening did, and the outbox rows to send right away."""

    submission: SubmissionView
    keys: tuple[str, ...]
    told: tuple[str, ...] = ()  # the users notified by DM
    homes: tuple[str, ...] = ()  # whose App Home shows the change (redrawn after the commit)


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
    lock = policy.submission_lock(jurisdiction, active_submission(session, cycle_id, jurisdiction))
    if lock is not None:
        raise lock


def scope(
    session: Session, user: str, action: policy.Action, jurisdiction: str | None = None
) -> tuple[str, Cycle]:
    """The jurisdiction (the given one, else the person's own) once policy allows `action`."""
    actor = policy.load_actor(session, user)
    home = actor.home
    wanted = jurisdiction or (home.jurisdiction if home else None)
    policy.check(actor, action, jurisdiction=wanted)
    assert wanted is not None  # noqa: S101 - policy refuses anyone without a jurisdiction
    return wanted, require_open_cycle(session)


def summary(session: Session, catalog: Catalog, cycle: Cycle, jurisdiction: str) -> Summary:
    """Read model: progress per topic and counts per status (skipped counts as open)."""
    active = active_submission(session, cycle.id, jurisdiction)
    return count_answers(session, catalog, cycle, jurisdiction, view_of(active) if active else None)


def submit_form(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str | None = None
) -> Summary:
    """What the confirmation modal shows; refused unless the POC may submit and nothing is open."""
    code, cycle = scope(session, user, policy.Action.SUBMIT, jurisdiction)
    ensure_open(session, cycle.id, code)
    found = summary(session, catalog, cycle, code)
    if not found.complete:
        raise InvalidInput(still_open(found))
    slugs = [t.slug for t in catalog.topics]
    reviews = topic_reviews(session, catalog, cycle.id, code, None, slugs, poc=user)
    return replace(found, unreviewed=sum(t.unreviewed() for t in reviews))


def submit(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    user: str,
    jurisdiction: str,
    committee_channel: str,
    now: datetime,
) -> Receipt:
    """Hand in the assessment: a Submission row locks the answers; the Committee channel is told."""
    scope(session, user, policy.Action.SUBMIT, jurisdiction)  # refuse before taking the lock
    _lock(session, jurisdiction)  # a second confirmation waits here, then finds the first
    found = submit_form(session, catalog, user=user, jurisdiction=jurisdiction)
    cycle = require_open_cycle(session)
    again = _submitted_before(session, cycle.id, jurisdiction)
    row = Submission(
        cycle_id=cycle.id, jurisdiction_code=jurisdiction, submitted_by=user, submitted_at=now
    )
    session.add(row)
    session.flush()
    keys = []
    if committee_channel:
        key = f"submission:{row.id}:committee"
        line = {
            "jurisdiction": found.jurisdiction,
            "cycle_name": found.cycle_name,
            "answered": found.answered,
            "total": found.total,
            "statuses": plain(found.statuses),
        }
        notice = Notice("submission", committee_channel, {"s": line, "by": user, "again": again})
        outbox.notify(session, compose, notice, key=key, now=now)
        keys.append(key)
    return Receipt(view_of(row), tuple(keys), homes=(user, *_committee(session)))


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
    _lock(session, row.jurisdiction_code)
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


def _lock(session: Session, jurisdiction: str) -> None:
    """Serialize submitting and reopening per jurisdiction: a no-op UPDATE takes the row lock on
    PostgreSQL and the write lock on SQLite (where pysqlite ignores FOR UPDATE and begins the
    transaction only at the first write), so a concurrent second one waits, then sees the first."""
    session.execute(
        update(Jurisdiction).where(Jurisdiction.code == jurisdiction).values(tz=Jurisdiction.tz)
    )


def _submitted_before(session: Session, cycle_id: int, jurisdiction: str) -> bool:
    found = session.scalar(
        select(Submission.id).where(
            Submission.cycle_id == cycle_id, Submission.jurisdiction_code == jurisdiction
        )
    )
    return found is not None


def _committee(session: Session) -> list[str]:
    """Committee members, whose App Home table shows every submission."""
    rows = session.scalars(
        select(Participant.slack_user_id).where(
            Participant.role == Role.COMMITTEE, Participant.active.is_(True)
        )
    )
    return list(dict.fromkeys(rows))


def _pocs(session: Session, jurisdiction: str) -> list[str]:
    rows = session.scalars(
        select(Participant.slack_user_id).where(
            Participant.jurisdiction_code == jurisdiction,
            Participant.role == Role.POC,
            Participant.active.is_(True),
        )
    )
    return list(dict.fromkeys(rows))
