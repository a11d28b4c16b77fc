"""One cycle's answers, submissions and people, loaded with a fixed number of queries (five)
whatever the number of jurisdictions, for every Committee view to read from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.reporting.export import export_cycle
from store.models import Answer, FeaturedPractice, Jurisdiction, Participant, SlackName, Submission


@dataclass(frozen=True)
class Who:
    """A person as the Committee's views name them: the Slack user id, and a display name once
    one is known (`label` prefers it)."""

    id: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id


class Given(NamedTuple):
    """One recorded answer of one jurisdiction (a named tuple: thousands are built per view, and
    a tuple is built several times faster than a frozen dataclass)."""

    code: str
    rec_id: str
    status: str | None
    notes: str
    resources_needed: str
    who: Who
    agency: str
    featured: bool = False  # the Committee features this answer's note


@dataclass(frozen=True)
class Place:
    """A jurisdiction, its standing submission and the people who answer for it."""

    code: str
    name: str
    kind: str
    submitted_at: datetime | None = None
    submitted_by: Who | None = None
    poc: Who | None = None
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    cycle_id: int
    cycle_name: str
    deadline: date
    places: tuple[Place, ...]  # every jurisdiction, by name
    answers: Mapping[str, Mapping[str, Given]] = field(default_factory=dict)  # code -> rec id
    reopened: frozenset[str] = frozenset()  # codes whose latest hand-in was reopened

    def of(self, code: str) -> Mapping[str, Given]:
        return self.answers.get(code, {})

    def place(self, code: str) -> Place:
        return next(p for p in self.places if p.code == code)


def load_evidence(
    session: Session,
    *,
    cycle: str | None = None,
    names: Mapping[str, str] | None = None,
    only: str | None = None,
) -> Evidence:
    """The named cycle (default: the open one, else the latest). `names` maps Slack user ids to
    display names where the caller knows them (default: the whole names cache, one query: the
    Committee's views name people, never print their ids). With `only`, the answers of that
    jurisdiction alone are read (every place is still listed)."""
    found = export_cycle(session, cycle)
    if names is None:
        names = {
            str(u): str(n) for u, n in session.execute(select(SlackName.user_id, SlackName.name))
        }
    people: dict[str, Who] = {}

    def who(user: str) -> Who:
        # One Who per person: thousands of answers share a handful of people.
        known = people.get(user)
        if known is None:
            known = people[user] = Who(user, names.get(user, ""))
        return known

    submitted, reopened = _hand_ins(session, found.id)
    pocs: dict[str, Who] = {}
    agencies: dict[str, set[str]] = defaultdict(set)
    # Columns, not entities, here and below: hundreds of people, thousands of answers, read only.
    person = Participant.__table__.c
    for user, code, role, agency in session.execute(
        select(person.slack_user_id, person.jurisdiction_code, person.role, person.agency).where(
            person.active.is_(True), person.jurisdiction_code.is_not(None)
        )
    ).all():
        if not code:
            continue
        if role == "poc":
            pocs[code] = who(user)
        if agency:
            agencies[code].add(agency)
    answers: dict[str, dict[str, Given]] = defaultdict(dict)
    table = Answer.__table__.c
    mark = FeaturedPractice.__table__.c
    query = select(
        table.jurisdiction_code,
        table.recommendation_id,
        table.status,
        table.notes,
        table.resources_needed,
        table.answered_by,
        table.agency,
        mark.id.is_not(None),
    ).where(table.cycle_id == found.id)
    # The Committee's featured marks come with the answers, not in a query of their own.
    query = query.outerjoin(
        FeaturedPractice.__table__,
        (mark.cycle_id == table.cycle_id)
        & (mark.jurisdiction_code == table.jurisdiction_code)
        & (mark.recommendation_id == table.recommendation_id),
    )
    if only is not None:
        query = query.where(table.jurisdiction_code == only)
    for row in session.execute(query).all():  # one fetch, not one per row
        code, rec_id, status, notes, needed, by, agency, featured = row
        answers[code][rec_id] = Given(
            code, rec_id, status, notes, needed, who(by), agency, bool(featured)
        )
        if agency:
            agencies[code].add(agency)
    places = tuple(
        Place(
            code,
            name,
            kind,
            submitted[code][0] if code in submitted else None,
            who(submitted[code][1]) if code in submitted else None,
            pocs.get(code),
            tuple(sorted(agencies.get(code, ()), key=str.casefold)),
        )
        for code, name, kind in session.execute(
            select(Jurisdiction.code, Jurisdiction.name, Jurisdiction.kind).order_by(
                Jurisdiction.name
            )
        )
    )
    return Evidence(found.id, found.name, found.deadline, places, dict(answers), reopened)


def _hand_ins(
    session: Session, cycle_id: int
) -> tuple[dict[str, tuple[datetime, str]], frozenset[str]]:
    """`submissions` and `reopened_codes` in one query."""
    rows = session.execute(
        select(
            Submission.jurisdiction_code,
            Submission.submitted_at,
            Submission.submitted_by,
            Submission.reopened_at,
        )
        .where(Submission.cycle_id == cycle_id)
        .order_by(Submission.id)
    ).all()
    standing = {code: (at, by) for code, at, by, again in rows if again is None}
    latest = {code: again for code, _at, _by, again in rows}
    return standing, frozenset(str(c) for c, again in latest.items() if again is not None)


def standings(session: Session, cycle_id: int) -> tuple[dict[str, tuple[datetime, str]], set[str]]:
    """In one read: each jurisdiction's standing (not reopened) submission, when and by whom;
    and the jurisdictions whose latest hand-in the Committee reopened (not submitted again)."""
    rows = session.execute(
        select(
            Submission.jurisdiction_code,
            Submission.submitted_at,
            Submission.submitted_by,
            Submission.reopened_at,
        )
        .where(Submission.cycle_id == cycle_id)
        .order_by(Submission.id)
    ).all()
    standing = {code: (at, by) for code, at, by, again in rows if again is None}
    latest = {code: again for code, _at, _by, again in rows}  # the last row per code wins
    return standing, {str(code) for code, again in latest.items() if again is not None}


def reopened_codes(session: Session, cycle_id: int) -> set[str]:
    """Jurisdictions whose latest hand-in the Committee reopened (and not submitted again)."""
    return standings(session, cycle_id)[1]


def submissions(session: Session, cycle_id: int) -> dict[str, tuple[datetime, str]]:
    """Each jurisdiction's standing (not reopened) submission: when, and by whom."""
    return standings(session, cycle_id)[0]
