"""The reminder job's decisions: who gets a digest now, and the escalations, queued in the outbox.

A digest goes to a POC or agency member at 09:00 their time on a scheduled working day (caught up
until 17:00), never twice on one local date (the outbox key is recipient, kind and local date),
and never to someone who is away, snoozed, done, or whose jurisdiction has submitted.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.outbox import enqueue
from bot.workflows.reminders import escalations
from bot.workflows.reminders.data import Due, Person, Place, Planned, Snapshot, snapshot
from bot.workflows.reminders.schedule import Rules, days_left, reminder_day
from bot.workflows.reminders.workdays import LocalNow, local
from store.enums import Role
from store.models import OutboxMessage


def run_reminders(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    rules: Rules,
    now: datetime,
    dry_run: bool = False,
) -> list[Planned]:
    """Decide what is due at `now` and queue it; returns what was newly queued.

    With `dry_run`, nothing is written and the result is what would be queued.
    """
    planned = plan_reminders(session, catalog, compose, rules=rules, now=now)
    if dry_run:
        return planned
    # A concurrent run may queue the same key first; then ours is skipped and not reported.
    return [p for p in planned if _queue(session, p, now)]


def plan_reminders(
    session: Session, catalog: Catalog, compose: Compose, *, rules: Rules, now: datetime
) -> list[Planned]:
    """The messages due at `now` that were not queued before, rendered."""
    snap = snapshot(session, catalog, default_tz=rules.default_tz)
    if snap is None:
        return []
    due = [
        *digests(snap, compose, now=now, rules=rules),
        *escalations.agency_notes(snap, compose, now=now),
        *escalations.committee_lines(snap, compose, rules=rules, now=now),
    ]
    # Most runs of a day find the same people due: only the new ones are worth rendering.
    known = set(
        session.scalars(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.in_([d.key for d in due])
            )
        )
    )
    return [d.build() for d in due if d.key not in known]


def digests(snap: Snapshot, compose: Compose, *, now: datetime, rules: Rules) -> list[Due]:
    found: dict[tuple[str, str], Due] = {}
    for person in snap.people:
        place = snap.places[person.jurisdiction]
        if (person.user, place.code) in found or not policy.answers_open(submitted=place.submitted):
            continue
        when = local(now, person.tz)
        if due_now(person, when, now, snap, rules) and _has_work(place, person):
            # One digest per jurisdiction: someone answering for several gets one for each.
            again = any(user == person.user for user, _ in found)
            where = f"{place.code}:" if again else ""
            key = f"digest:{person.user}:{where}{when.today.isoformat()}"
            found[person.user, place.code] = Due(
                key, partial(_digest, snap, place, person, when, compose, key)
            )
    return list(found.values())


def _has_work(place: Place, person: Person) -> bool:
    """A POC with everything answered still has the hand-in to do; an agency member is done."""
    covered = policy.topics_covered(person.role, person.topics)
    return person.role == Role.POC or bool(place.open_topics(covered))


def due_now(person: Person, when: LocalNow, now: datetime, snap: Snapshot, rules: Rules) -> bool:
    """Office hours on a reminder day (or the day a snooze ends), and not away or snoozed."""
    if not when.in_office_hours or person.is_quiet(when.today, now):
        return False
    snooze = person.snoozed_until
    snooze_ended_today = snooze is not None and local(snooze, person.tz).today == when.today
    return snooze_ended_today or reminder_day(when.today, snap.deadline, rules)


def _digest(
    snap: Snapshot, place: Place, person: Person, when: LocalNow, compose: Compose, key: str
) -> Planned:
    open_topics = place.open_topics(policy.topics_covered(person.role, person.topics))
    context = {
        "jurisdiction": place.name,
        "code": place.code,
        "cycle_name": snap.cycle_name,
        "deadline": snap.deadline,
        "days_left": days_left(when.today, snap.deadline),
        "topics": open_topics,
        "is_poc": person.role == Role.POC,
    }
    words = compose(Notice("digest", person.user, plain(context)))
    return Planned(
        key=key,
        kind="digest",
        recipient=person.user,
        text=words.text,
        blocks=words.blocks,
        summary=f"{place.code} {person.role}, {when.at:%a %Y-%m-%d %H:%M %Z}: {words.text}",
    )


def _queue(session: Session, planned: Planned, now: datetime) -> bool:
    return enqueue(
        session,
        key=planned.key,
        kind=planned.kind,
        recipient=planned.recipient,
        text=planned.text,
        blocks=planned.blocks,
        now=now,
    )
