"""Set-up shared by the reminder tests and the benchmark: people with Slack time zones, answers,
submissions, and a clock that runs the reminder job every 15 minutes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.compose import Composer
from bot.handlers import ids
from bot.workflows.cycles import create_cycle
from bot.workflows.reminders.data import Planned
from bot.workflows.reminders.digests import run_reminders
from bot.workflows.reminders.schedule import Rules
from bot.workflows.walk import answers
from messages import Renderer
from store.models import OutboxMessage, Submission
from tests.factories import add_participant

RULES = Rules(committee_channel="CCOMMITTEE")
DEADLINE = date(2027, 3, 31)  # a Wednesday


@cache
def renderer(catalog: Catalog) -> Renderer:
    """One per catalog, as in the bot: templates compile once."""
    return Renderer(ids=ids.as_dict(), draft=catalog.is_draft)


@cache
def composer(catalog: Catalog) -> Composer:
    return Composer(renderer(catalog))


def open_cycle(
    sessions: sessionmaker[Session], *, now: datetime, deadline: date = DEADLINE, name: str = ""
) -> int:
    with sessions() as session, session.begin():
        cycle = create_cycle(
            session, name=name or "2027 State Self-Assessment", deadline=deadline, now=now
        )
        return cycle.id


def person(
    sessions: sessionmaker[Session],
    user: str,
    code: str,
    role: str = "poc",
    *,
    now: datetime,
    tz: str | None = None,
    topics: Iterable[str] = (),
    agency: str = "",
) -> None:
    """A participant whose Slack zone is `tz` (None: not looked up yet, the state's default)."""
    add_participant(sessions, user, code, role, now=now, topics=topics, agency=agency, tz=tz)


def answer_topics(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    cycle_id: int,
    code: str,
    topics: Iterable[str],
    *,
    now: datetime,
    leave_open: int = 0,
) -> None:
    """Answer every recommendation of `topics` except the last `leave_open` of each."""
    with sessions() as session, session.begin():
        for slug in topics:
            recs = catalog.in_topic(slug)
            for rec in recs[: len(recs) - leave_open]:
                answers.record(
                    session,
                    cycle_id=cycle_id,
                    jurisdiction=code,
                    rec_id=rec.id,
                    actor="USETUP",
                    agency="",
                    source="button",
                    now=now,
                    status="tier_2",
                )


def submit(sessions: sessionmaker[Session], cycle_id: int, code: str, *, now: datetime) -> None:
    with sessions() as session, session.begin():
        session.add(
            Submission(
                cycle_id=cycle_id, jurisdiction_code=code, submitted_by="UPOC", submitted_at=now
            )
        )


def run(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    now: datetime,
    *,
    rules: Rules = RULES,
    dry_run: bool = False,
) -> list[Planned]:
    """One run of the reminder job's decisions, committed; what it newly queued."""
    with sessions() as session, session.begin():
        return run_reminders(
            session, catalog, composer(catalog), rules=rules, now=now, dry_run=dry_run
        )


def tick(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    start: datetime,
    end: datetime,
    *,
    every: timedelta = timedelta(minutes=15),
    rules: Rules = RULES,
) -> list[tuple[datetime, Planned]]:
    """Run the job every `every` from `start` until before `end`, as the clock would."""
    sent: list[tuple[datetime, Planned]] = []
    at = start
    while at < end:
        sent.extend((at, p) for p in run(sessions, catalog, at, rules=rules))
        at += every
    return sent


def queued(sessions: sessionmaker[Session], kind: str | None = None) -> list[OutboxMessage]:
    with sessions() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))
