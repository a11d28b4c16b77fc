"""What the reminder job reads, in a handful of queries: the open cycle, the people who answer for
a jurisdiction, and each jurisdiction's answers and submission state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.answer_counts import answered_per_topic
from bot.workflows.cycles import open_cycle
from bot.workflows.reminders.workdays import zone
from bot.workflows.walk.progress import TopicProgress
from store.enums import Role
from store.models import Jurisdiction, Participant, Submission

participant = Participant.__table__.c


@dataclass(frozen=True)
class Planned:
    """One message the job decided to send; `key` makes queueing it twice a no-op."""

    key: str
    kind: str  # digest | escalation | overdue
    recipient: str  # a user id (DM) or a channel id
    text: str
    blocks: list[dict[str, Any]] = field(compare=False, default_factory=list)
    summary: str = ""  # one line for the operator


@dataclass(frozen=True)
class Due:
    """A message found due, rendered only if its key was not queued before."""

    key: str
    build: Callable[[], Planned]


@dataclass(frozen=True)
class Person:
    user: str
    role: Role  # POC or AGENCY
    jurisdiction: str
    agency: str
    topics: tuple[str, ...]  # assigned topic slugs; empty means every topic
    tz: ZoneInfo  # Slack's zone when known, else the jurisdiction's
    away_until: date | None
    snoozed_until: datetime | None

    def is_quiet(self, today: date, now: datetime) -> bool:
        """Away (until the day they are back) or snoozed: no reminder of any kind for now."""
        away = self.away_until is not None and today < self.away_until
        return away or (self.snoozed_until is not None and now < self.snoozed_until)


@dataclass(frozen=True)
class Place:
    """One jurisdiction's state in the open cycle."""

    code: str
    name: str
    submitted: bool
    progress: tuple[TopicProgress, ...]  # every topic, in catalog order

    def open_topics(self, assigned: tuple[str, ...]) -> tuple[TopicProgress, ...]:
        return tuple(
            p for p in self.progress if not p.complete and (not assigned or p.slug in assigned)
        )

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.progress)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.progress)


@dataclass(frozen=True)
class Snapshot:
    cycle_id: int
    cycle_name: str
    deadline: date
    people: tuple[Person, ...]  # POCs first, so a person with two roles is reminded as POC
    places: dict[str, Place]


def snapshot(session: Session, catalog: Catalog, *, default_tz: str) -> Snapshot | None:
    """Everything the reminder decisions need, or None when no cycle is open."""
    cycle = open_cycle(session)
    if cycle is None:
        return None
    rows = session.execute(select(Jurisdiction.code, Jurisdiction.name, Jurisdiction.tz)).all()
    people = _people(session, {code: tz for code, _, tz in rows}, default_tz)
    names = {code: name for code, name, _ in rows}
    answered = answered_per_topic(session, catalog, cycle.id)
    submitted = _submitted(session, cycle.id)
    topics = [(t, len(catalog.in_topic(t.slug))) for t in catalog.topics]
    places = {
        code: Place(
            code=code,
            name=names.get(code, code),
            submitted=code in submitted,
            progress=tuple(
                TopicProgress(t.slug, t.name, answered.get(code, {}).get(t.slug, 0), total)
                for t, total in topics
            ),
        )
        for code in sorted({p.jurisdiction for p in people})
    }
    return Snapshot(cycle.id, cycle.name, cycle.deadline, people, places)


def _people(session: Session, zones: dict[str, str], default_tz: str) -> tuple[Person, ...]:
    # Columns, not entities: hundreds of people, read only.
    rows = session.execute(
        select(
            participant.slack_user_id,
            participant.role,
            participant.jurisdiction_code,
            participant.agency,
            participant.topics,
            participant.tz,
            participant.away_until,
            participant.snoozed_until,
        )
        .where(
            participant.active.is_(True),
            participant.role.in_((Role.POC, Role.AGENCY)),
            participant.jurisdiction_code.is_not(None),
        )
        .order_by(participant.role.desc(), participant.id)  # "poc" sorts after "agency"
    ).all()  # one fetch, not one per row
    return tuple(
        Person(
            user=user,
            role=Role(role),
            jurisdiction=code,
            agency=agency,
            topics=tuple(topics or ()),
            tz=zone(tz, zones.get(code) or default_tz),
            away_until=away,
            snoozed_until=snoozed,
        )
        for user, role, code, agency, topics, tz, away, snoozed in rows
    )


def _submitted(session: Session, cycle_id: int) -> set[str]:
    """Jurisdictions with an active (not reopened) submission, in one query for all."""
    return set(
        session.scalars(
            select(Submission.jurisdiction_code).where(
                Submission.cycle_id == cycle_id, Submission.reopened_at.is_(None)
            )
        )
    )
