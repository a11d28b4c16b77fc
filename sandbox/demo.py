"""The sandbox's demo workspace: people, channels and an open cycle to try the whole mission.

Three states with a point of contact and two agencies each, two Committee members in the
Committee channel, and someone who takes no part, so every Home tab and refusal can be seen.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select, text

from bot.workflows.cycles import create_cycle, open_cycle
from bot.workflows.people.names import remember
from sandbox.slack import FakeSlack
from store.db import make_engine, make_session_factory
from store.migrate import upgrade
from store.models import Base, Participant

COMMITTEE_CHANNEL = "CCOMMITTEE"
GENERAL = "CSANDBOX"
DUE_IN = timedelta(weeks=3)


class Person(NamedTuple):
    user: str
    name: str
    label: str  # what the persona switcher shows
    role: str  # poc | agency | committee | "" (takes no part)
    jurisdiction: str | None
    agency: str
    topics: list[str]
    tz: str


PEOPLE = (
    Person("UPOC", "Pat Rivera", "Texas POC", "poc", "TX", "", [], "America/Chicago"),
    Person(
        "UAGENCY",
        "Alex Kim",
        "Texas housing agency",
        "agency",
        "TX",
        "Texas Housing Authority",
        ["housing"],
        "America/Chicago",
    ),
    Person(
        "UTXLAW",
        "Jordan Reyes",
        "Texas law enforcement agency",
        "agency",
        "TX",
        "Texas Department of Public Safety",
        ["law-enforcement", "judiciary"],
        "America/Chicago",
    ),
    Person("UCOMMITTEE", "Casey Morgan", "Committee member", "committee", None, "", [], "UTC"),
    Person("UCOMMITTEE2", "Robin Hale", "Committee member", "committee", None, "", [], "UTC"),
    Person("UCALIF", "Sam Ortiz", "California POC", "poc", "CA", "", [], "America/Los_Angeles"),
    Person(
        "UCACW",
        "Lee Chen",
        "California child-welfare agency",
        "agency",
        "CA",
        "California Department of Social Services",
        ["child-welfare", "services"],
        "America/Los_Angeles",
    ),
    Person(
        "UCALAW",
        "Dana Wu",
        "California law enforcement agency",
        "agency",
        "CA",
        "California Department of Justice",
        ["law-enforcement"],
        "America/Los_Angeles",
    ),
    Person("UNYPOC", "Morgan Blake", "New York POC", "poc", "NY", "", [], "America/New_York"),
    Person(
        "UNYCW",
        "Riley Shah",
        "New York child-welfare agency",
        "agency",
        "NY",
        "NY Office of Children and Family Services",
        ["child-welfare"],
        "America/New_York",
    ),
    Person(
        "UNYCOURT",
        "Quinn Park",
        "New York courts",
        "agency",
        "NY",
        "NY Unified Court System",
        ["judiciary"],
        "America/New_York",
    ),
    Person("USTRANGER", "Jamie Doe", "A stranger (takes no part)", "", None, "", [], "UTC"),
)
# UTC keeps the Committee members' own time equal to the Committee channel's in the demo.


def label_of(user: str) -> str:
    return next((p.label for p in PEOPLE if p.user == user), "added person")


def seed_workspace(fake: FakeSlack) -> None:
    """The Slack side: the people, #general with everyone, the Committee's channel."""
    for person in PEOPLE:
        fake.add_user(person.user, name=person.name, tz=person.tz)
    fake.add_channel(GENERAL, name="general", members=[p.user for p in PEOPLE])
    committee = [p.user for p in PEOPLE if p.role == "committee"]
    fake.add_channel(COMMITTEE_CHANNEL, name="nac-committee", members=committee)
    texas = [p.user for p in PEOPLE if p.jurisdiction == "TX"]
    fake.add_channel("CTEXAS", name="texas-assessment", members=texas)


def prepare_database(database_url: str, now: datetime) -> None:
    """Migrate, then add the demo people and an open cycle unless they are there already."""
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions() as session, session.begin():
        if open_cycle(session) is None:
            deadline = (now + DUE_IN).date()
            create_cycle(
                session, name=f"{now:%Y} State Self-Assessment", deadline=deadline, now=now
            )
        known = set(session.scalars(select(Participant.slack_user_id)))
        for person in PEOPLE:
            if person.user in known or not person.role:
                continue
            session.add(
                Participant(
                    slack_user_id=person.user,
                    jurisdiction_code=person.jurisdiction,
                    role=person.role,
                    agency=person.agency,
                    topics=person.topics,
                    active=True,
                    created_at=now,
                    tz=person.tz,
                )
            )
        # Their display names, as the clock would have learned them from users.info.
        remember(session, {p.user: p.name for p in PEOPLE}, now=now)
    engine.dispose()


def wipe_database(database_url: str) -> None:
    """Every table dropped, so the next prepare_database starts over (SQLite or PostgreSQL)."""
    engine = make_engine(database_url)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
