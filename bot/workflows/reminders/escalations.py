"""Escalation once the deadline has passed: the POC hears which agencies still have open topics,
and the Committee channel hears of a jurisdiction that is ESCALATE_AFTER_DAYS late.

Each note goes out once per cycle deadline (its key carries no date); moving the deadline starts
afresh. Notes wait for office hours in the recipient's zone like the digests do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from bot.workflows import policy
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.reminders.data import Due, Person, Place, Planned, Snapshot
from bot.workflows.reminders.schedule import Rules, days_left
from bot.workflows.reminders.workdays import local, zone
from bot.workflows.walk.progress import TopicProgress
from store.enums import Role


@dataclass(frozen=True)
class AgencyGroup:
    """The members of one agency in one jurisdiction, and their open topics together."""

    name: str
    members: tuple[str, ...]
    topics: tuple[TopicProgress, ...]


def agency_notes(snap: Snapshot, compose: Compose, *, now: datetime) -> list[Due]:
    """One note per POC per overdue agency, in the POC's first office hours past the deadline."""
    notes: list[Due] = []
    here: dict[str, list[Person]] = {}  # the people of each place, in the snapshot's order
    for person in snap.people:
        here.setdefault(person.jurisdiction, []).append(person)
    for place in snap.places.values():
        if not policy.answers_open(submitted=place.submitted):
            continue
        # Most ticks are before the deadline: who could hear of it is cheaper to find first.
        due = []
        for poc in (p for p in here.get(place.code, ()) if p.role == Role.POC):
            when = local(now, poc.tz)
            late = -days_left(when.today, snap.deadline)
            if late > 0 and when.in_office_hours and not poc.is_quiet(when.today, now):
                due.append((poc, late))
        groups = overdue_agencies(here.get(place.code, []), place) if due else []
        for poc, late in due:
            notes.extend(_note(snap, place, poc, group, late, compose) for group in groups)
    return notes


def overdue_agencies(people: list[Person], place: Place) -> list[AgencyGroup]:
    """The agencies among `people` (the place's) with topics still open, members together."""
    members: dict[str, list[Person]] = {}
    for person in people:
        if person.role == Role.AGENCY:
            members.setdefault(person.agency.strip() or person.user, []).append(person)
    groups = []
    for name, group in members.items():
        covered = policy.covered_together(policy.topics_covered(p.role, p.topics) for p in group)
        topics = place.open_topics(covered)
        if topics:
            groups.append(AgencyGroup(name, tuple(p.user for p in group), topics))
    return groups


def committee_lines(snap: Snapshot, compose: Compose, *, rules: Rules, now: datetime) -> list[Due]:
    """One line per jurisdiction not submitted `escalate_after` days past the deadline."""
    channel = rules.committee_channel
    when = local(now, zone(rules.default_tz, "UTC"))
    late = -days_left(when.today, snap.deadline)
    if not channel or late < rules.escalate_after or not when.in_office_hours:
        return []
    return [
        Due(
            f"overdue:{channel}:{snap.cycle_id}:{snap.deadline}:{place.code}",
            partial(_line, snap, place, channel, late, compose),
        )
        for place in sorted(snap.places.values(), key=lambda p: p.code)
        if policy.answers_open(submitted=place.submitted)
    ]


def _line(snap: Snapshot, place: Place, channel: str, late: int, compose: Compose) -> Planned:
    context = {
        "place": _place(place),
        "late": late,
        "deadline": snap.deadline.isoformat(),
        "cycle": snap.cycle_name,
    }
    text = compose(Notice("overdue", channel, context)).text
    return Planned(
        key=f"overdue:{channel}:{snap.cycle_id}:{snap.deadline}:{place.code}",
        kind="overdue",
        recipient=channel,
        text=text,
        summary=f"{place.code} to the Committee channel: {text}",
    )


def _place(place: Place) -> dict[str, object]:
    return {
        "code": place.code,
        "name": place.name,
        "answered": place.answered,
        "total": place.total,
    }


def _note(
    snap: Snapshot, place: Place, poc: Person, group: AgencyGroup, late: int, compose: Compose
) -> Due:
    tag = hashlib.sha256(group.name.casefold().encode()).hexdigest()[:12]
    key = f"escalation:{poc.user}:{snap.cycle_id}:{snap.deadline}:{place.code}:{tag}"
    return Due(key, partial(_note_message, key, place, poc, group, late, snap, compose))


def _note_message(
    key: str,
    place: Place,
    poc: Person,
    group: AgencyGroup,
    late: int,
    snap: Snapshot,
    compose: Compose,
) -> Planned:
    context = {"place": _place(place), "group": plain(group), "late": late}
    words = compose(Notice("escalation", poc.user, {**context, "deadline": str(snap.deadline)}))
    return Planned(
        key=key,
        kind="escalation",
        recipient=poc.user,
        text=words.text,
        blocks=words.blocks,
        summary=f"{place.code} POC about {group.name}: {words.text}",
    )
