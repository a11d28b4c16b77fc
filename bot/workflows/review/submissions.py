"""Submission state: a submitted assessment is read-only until the Committee reopens it
(reopening is in `reopening`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import outbox, policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.errors import InvalidInput
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.review.submission_views import (
    SubmissionView,
    Summary,
    count_answers,
    still_open,
    view_of,
)
from bot.workflows.review.topic_reviews import topic_reviews
from bot.workflows.walk.stopped import stop_asking
from store.enums import Role
from store.models import Cycle, Jurisdiction, Participant, Submission


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
    # a second confirmation waits here, then finds the first
    lock_jurisdiction(session, jurisdiction)
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
    # Sent after the messages above: retiring may wait for a question still being posted.
    keys += stop_asking(session, cycle.id, jurisdiction, submission_id=row.id, now=now)
    return Receipt(view_of(row), tuple(keys), homes=(user, *_committee(session)))


def lock_jurisdiction(session: Session, jurisdiction: str) -> None:
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
