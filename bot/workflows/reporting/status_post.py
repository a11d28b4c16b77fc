"""The Committee's status post: every jurisdiction's progress in one channel message, queued in
the outbox at most once per day (the key holds the cycle and the Committee's local date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.cycles import open_cycle
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.outbox import enqueue
from bot.workflows.reminders.data import Planned
from bot.workflows.reporting.home import CycleInfo
from store.models import Answer, Cycle, Jurisdiction, OutboxMessage, Submission

# The Committee's working day, used for the once-a-day key and the Monday schedule.
COMMITTEE_TZ = ZoneInfo("America/New_York")
KIND = "status_post"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    answered: int
    submitted_at: datetime | None


@dataclass(frozen=True)
class StatusSummary:
    cycle: CycleInfo
    total: int  # recommendations in the catalog
    places: tuple[Place, ...]

    @property
    def submitted(self) -> int:
        return sum(1 for p in self.places if p.submitted_at is not None)

    @property
    def not_started(self) -> int:
        return sum(1 for p in self.places if p.answered == 0 and p.submitted_at is None)

    @property
    def ready(self) -> int:
        """Everything answered, not handed in yet."""
        return sum(1 for p in self.places if p.answered >= self.total and p.submitted_at is None)

    def as_context(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "total": self.total,
            "places": self.places,
            "submitted": self.submitted,
            "not_started": self.not_started,
            "ready": self.ready,
        }


def status_post(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    committee_channel: str,
    now: datetime,
) -> str | None:
    """Queue today's progress summary for the Committee channel; returns its outbox key.

    None when there is no channel or no open cycle. A second call on the same local date queues
    nothing and returns the same key, so the caller can still send it.
    """
    planned = plan_status_post(
        session, catalog, compose, committee_channel=committee_channel, now=now
    )
    if planned is None:
        return None
    enqueue(
        session,
        key=planned.key,
        kind=planned.kind,
        recipient=planned.recipient,
        text=planned.text,
        blocks=planned.blocks,
        now=now,
    )
    return planned.key


def plan_status_post(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    committee_channel: str,
    now: datetime,
) -> Planned | None:
    """The message `status_post` would queue at `now`, rendered; nothing is written."""
    cycle = open_cycle(session)
    if not committee_channel or cycle is None:
        return None
    today = now.astimezone(COMMITTEE_TZ).date()
    found = summarize(session, catalog, cycle, today=today)
    words = compose(Notice(KIND, committee_channel, plain(found.as_context())))
    return Planned(
        key=f"status-post:{cycle.id}:{today.isoformat()}",
        kind=KIND,
        recipient=committee_channel,
        text=words.text,
        blocks=words.blocks,
        summary=words.text,
    )


def summarize(session: Session, catalog: Catalog, cycle: Cycle, *, today: date) -> StatusSummary:
    """Answers per jurisdiction (current catalog only) and active submissions, by name."""
    ids = [rec.id for rec in catalog.recommendations]
    answered: dict[str, int] = {}
    for code, count in session.execute(
        select(Answer.jurisdiction_code, func.count())
        .where(
            Answer.cycle_id == cycle.id,
            Answer.status.is_not(None),
            Answer.recommendation_id.in_(ids),
        )
        .group_by(Answer.jurisdiction_code)
    ):
        answered[code] = count
    submitted: dict[str, datetime] = {}
    for row in session.scalars(
        select(Submission)
        .where(Submission.cycle_id == cycle.id, Submission.reopened_at.is_(None))
        .order_by(Submission.id)
    ):
        submitted[row.jurisdiction_code] = row.submitted_at
    places = tuple(
        Place(j.code, j.name, answered.get(j.code, 0), submitted.get(j.code))
        for j in session.scalars(select(Jurisdiction).order_by(Jurisdiction.name))
    )
    info = CycleInfo(cycle.name, cycle.deadline, (cycle.deadline - today).days)
    return StatusSummary(info, len(ids), places)


def already_queued(session: Session, key: str) -> bool:
    """Whether today's post was queued before (sent or not), for a dry run to say so."""
    found = select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
    return session.scalar(found) is not None
