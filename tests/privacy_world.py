"""A seeded database with one person's traces in every table, for forget and purge tests."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import JSON, String, Text, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.workflows.outbox import enqueue
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.walk import answers
from store.models import Answer, Base, Participant, Review, SlackName, Submission, Walk
from tests.factories import add_cycle, add_participant

FORGET = "U0AG1"  # the person to forget
EMAIL = "Case.Worker@dfps.example.gov"
NEIGHBOUR = "U0AG12"  # a longer id that starts with FORGET: must stay untouched
POC = "U0POC"
NAME = "Casey Worker"  # their Slack display name, cached


def seed(sessions: sessionmaker[Session], now: datetime) -> int:
    """Texas with a POC, the agency person to forget (with an email) and a neighbour agency;
    answers, notes that mention the person, a review, a submission, a walk, messages and an
    audit entry. Returns the cycle id."""
    cycle_id = add_cycle(sessions, now=now)
    add_participant(sessions, POC, "TX", "poc", now=now)
    add_participant(sessions, FORGET, "TX", "agency", now=now, topics=["housing"], tz="UTC")
    add_participant(sessions, NEIGHBOUR, "TX", "agency", now=now, agency="DFPS")
    with sessions() as session, session.begin():
        person = session.scalars(select(Participant).where(Participant.slack_user_id == FORGET))
        person.one().email = EMAIL
        session.add(SlackName(user_id=FORGET, name=NAME, checked_at=now))
        answer = _answer(session, cycle_id, "HOU-1", FORGET, "tier_1", "Pilot with <@U0AG12>", now)
        _answer(
            session, cycle_id, "HOU-1", POC, "tier_2", f"Asked <@{FORGET}> ({EMAIL}, {NAME})", now
        )
        _answer(session, cycle_id, "HOU-2", NEIGHBOUR, "not_yet", "Mine, not theirs", now)
        session.add(
            Review(
                answer_id=answer,
                version=1,
                decision="changes",
                comment=f"{FORGET}: please add the funding source",
                reviewed_by=POC,
                reviewed_at=now,
            )
        )
        session.add(
            Submission(
                cycle_id=cycle_id,
                jurisdiction_code="TX",
                submitted_by=FORGET,
                submitted_at=now,
                reopened_by=POC,
                reopened_at=now + timedelta(minutes=1),
                reopen_reason="more to add",
            )
        )
        session.add(
            Walk(
                cycle_id=cycle_id,
                jurisdiction_code="TX",
                slack_user_id=FORGET,
                topic="housing",
                channel_id="D0AG1",
                thread_ts="1.000100",
                skipped=[],
                created_at=now,
                updated_at=now,
            )
        )
        for key, to in (
            (f"digest:{FORGET}:2027-03-01", FORGET),
            ("about", POC),
            ("other", NEIGHBOUR),
        ):
            enqueue(
                session, key=key, kind="notice", recipient=to, text=f"news for <@{FORGET}>", now=now
            )
        audit.record(session, actor=FORGET, action=Audited.EXPORT, scope="answers, TX", now=now)
    return cycle_id


def _answer(
    session: Session,
    cycle_id: int,
    rec: str,
    actor: str,
    status: str,
    notes: str,
    now: datetime,
) -> int:
    answers.record(
        session,
        cycle_id=cycle_id,
        jurisdiction="TX",
        rec_id=rec,
        actor=actor,
        agency="",
        source="button",
        now=now,
        status=status,
        notes=notes,
    )
    found = session.scalar(select(Answer.id).where(Answer.recommendation_id == rec))
    assert found is not None
    return found


def cells_holding(sessions: sessionmaker[Session], needle: str) -> list[str]:
    """Every table.column whose text holds `needle` (any case), for "is it gone everywhere"."""
    hits = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text | JSON):
                    continue
                cell = func.lower(cast(table.c[column.name], Text))
                for value in session.scalars(
                    select(cast(table.c[column.name], Text)).where(
                        cell.contains(needle.lower(), autoescape=True)
                    )
                ):
                    hits.append(f"{table.name}.{column.name}={value}")
    return hits


def dump(sessions: sessionmaker[Session]) -> list[str]:
    """Every cell of every table as text (JSON decoded, then written without escapes), one
    `table.column=value` each: what a privacy auditor reading the database would see."""
    cells = []
    with sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for name, value in row.items():
                    shown = (
                        json.dumps(value, ensure_ascii=False)
                        if isinstance(value, dict | list)
                        else str(value)
                    )
                    cells.append(f"{table.name}.{name}={shown}")
    return cells


def folded(text: str) -> str:
    """Casefolded, accents set aside: "ZOË ÅBERG" and "Zoe Aberg" both read "zoe aberg"."""
    parts = unicodedata.normalize("NFKD", text)
    return "".join(c for c in parts if not unicodedata.combining(c)).casefold()


def traces(sessions: sessionmaker[Session], *needles: str) -> list[str]:
    """The cells of `dump` that hold any needle, however it is cased or accented."""
    wanted = [folded(n) for n in needles]
    return [cell for cell in dump(sessions) if any(w in folded(cell) for w in wanted)]
