"""One cycle's answers, submissions and people, loaded with a fixed number of queries (five)
whatever the number of jurisdictions, for every Committee view to read from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.reporting.export import export_cycle
from store.models import Answer, Jurisdiction, Participant, Submission


@dataclass(frozen=True)
class Who:
    """A person as the Committee's views name them: the Slack user id, and a display name once
    one is known (`label` prefers it)."""

    id: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Given:
    """One recorded answer of one jurisdiction."""

    code: str
    rec_id: str
    status: str | None
    notes: str
    resources_needed: str
    who: Who
    agency: str
    at: datetime


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

    def of(self, code: str) -> Mapping[str, Given]:
        return self.answers.get(code, {})

    def place(self, code: str) -> Place:
        return next(p for p in self.places if p.code == code)


def load_evidence(
    session: Session, *, cycle: str | None = None, names: Mapping[str, str] | None = None
) -> Evidence:
    """The named cycle (default: the open one, else the latest). `names` maps Slack user ids to
    display names where the caller knows them."""
    found = export_cycle(session, cycle)
    names = names or {}
    people: dict[str, Who] = {}

    def who(user: str) -> Who:
        # One Who per person: thousands of answers share a handful of people.
        known = people.get(user)
        if known is None:
            known = people[user] = Who(user, names.get(user, ""))
        return known

    submitted = {
        s.jurisdiction_code: s
        for s in session.scalars(
            select(Submission)
            .where(Submission.cycle_id == found.id, Submission.reopened_at.is_(None))
            .order_by(Submission.id)
        )
    }
    pocs: dict[str, Who] = {}
    agencies: dict[str, set[str]] = defaultdict(set)
    for p in session.scalars(select(Participant).where(Participant.active.is_(True))):
        if p.jurisdiction_code and p.role == "poc":
            pocs[p.jurisdiction_code] = who(p.slack_user_id)
        if p.jurisdiction_code and p.agency:
            agencies[p.jurisdiction_code].add(p.agency)
    answers: dict[str, dict[str, Given]] = defaultdict(dict)
    # Core rows, not ORM-loaded ones: thousands of answers, read only.
    table = Answer.__table__.c
    for row in session.connection().execute(
        select(
            table.jurisdiction_code,
            table.recommendation_id,
            table.status,
            table.notes,
            table.resources_needed,
            table.answered_by,
            table.agency,
            table.answered_at,
        ).where(table.cycle_id == found.id)
    ):
        code, rec_id, status, notes, needed, by, agency, at = row
        answers[code][rec_id] = Given(code, rec_id, status, notes, needed, who(by), agency, at)
        if agency:
            agencies[code].add(agency)
    places = tuple(
        Place(
            j.code,
            j.name,
            j.kind,
            submitted[j.code].submitted_at if j.code in submitted else None,
            who(submitted[j.code].submitted_by) if j.code in submitted else None,
            pocs.get(j.code),
            tuple(sorted(agencies.get(j.code, ()), key=str.casefold)),
        )
        for j in session.scalars(select(Jurisdiction).order_by(Jurisdiction.name))
    )
    return Evidence(found.id, found.name, found.deadline, places, dict(answers))
