"""A full-size assessment for scale tests and bench/scale.py: every jurisdiction with a POC and
nine agencies, all 127 answers, each changed five times (history), as bulk inserts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.compose import Composer
from bot.handlers import ids as action_ids
from bot.workflows.reminders.digests import plan_reminders
from bot.workflows.reminders.schedule import Rules
from bot.workflows.reporting.home import home_for
from bot.workflows.reporting.status_post import summarize
from messages import Renderer
from store.jurisdictions import JURISDICTIONS
from store.models import Answer, AnswerHistory, Participant

PEOPLE_PER_PLACE = 10  # a POC and nine agencies
REVISIONS = 5
SCALE = ("not_yet", "unsure", "tier_1", "tier_2", "tier_2")


def codes(count: int) -> list[str]:
    return [code for code, *_rest in JURISDICTIONS[:count]]


def poc_of(code: str) -> str:
    return f"UP{code}"


def fill(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    cycle_id: int,
    places: list[str],
    *,
    now: datetime,
) -> None:
    """Add the people, answers and history of `places` to the open cycle `cycle_id`."""
    with sessions() as session, session.begin():
        session.execute(insert(Participant), [p for c in places for p in _people(c, now)])
        answers = [
            _answer(cycle_id, code, n, rec.id, now)
            for code in places
            for n, rec in enumerate(catalog.recommendations)
        ]
        ids = session.scalars(
            insert(Answer).returning(Answer.id, sort_by_parameter_order=True), answers
        ).all()
        session.execute(
            insert(AnswerHistory),
            [
                _change(answer_id, row, v, now)
                for answer_id, row in zip(ids, answers, strict=True)
                for v in range(1, REVISIONS + 1)
            ],
        )


def reads(
    catalog: Catalog, cycle_id: int, *, now: datetime
) -> dict[str, Callable[[Session], object]]:
    """The scale reads, each run in a session of its own: whatever they touch, they read."""
    compose, rules = scale_compose(catalog), scale_rules()
    first = codes(1)[0]
    return {
        "Committee App Home": lambda s: home_for(s, catalog, user="UCOMMITTEE", now=now),
        "POC App Home": lambda s: home_for(s, catalog, user=poc_of(first), now=now),
        "reminder tick": lambda s: plan_reminders(s, catalog, compose, rules=rules, now=now),
        "status post data": lambda s: summarize(
            s, catalog, channel="CCOMMITTEE", key="scale", today=now.date()
        ),
    }


def scale_compose(catalog: Catalog) -> Composer:
    return Composer(Renderer(ids=action_ids.as_dict(), draft=catalog.is_draft))


def scale_rules() -> Rules:
    return Rules(
        days_before=(21, 14, 7, 3, 1, 0),
        overdue_every=2,
        escalate_after=7,
        default_tz="America/New_York",
        committee_channel="CCOMMITTEE",
    )


def _people(code: str, now: datetime) -> list[dict[str, Any]]:
    agencies = [
        {
            "slack_user_id": f"UA{code}{n}",
            "jurisdiction_code": code,
            "role": "agency",
            "agency": f"{code} agency {n}",
            "topics": [],
            "active": True,
            "invited_by": poc_of(code),
            "created_at": now,
        }
        for n in range(1, PEOPLE_PER_PLACE)
    ]
    poc = {
        "slack_user_id": poc_of(code),
        "jurisdiction_code": code,
        "role": "poc",
        "agency": "",
        "topics": [],
        "active": True,
        "invited_by": "",
        "created_at": now,
    }
    return [poc, *agencies]


def _answer(cycle_id: int, code: str, n: int, rec_id: str, now: datetime) -> dict[str, Any]:
    return {
        "cycle_id": cycle_id,
        "jurisdiction_code": code,
        "recommendation_id": rec_id,
        "status": SCALE[-1],
        "notes": "",
        "resources_needed": "",
        "answered_by": f"UA{code}{n % (PEOPLE_PER_PLACE - 1) + 1}",
        "agency": "",
        "answered_at": now,
        "version": REVISIONS,
    }


def _change(answer_id: int, answer: dict[str, Any], version: int, now: datetime) -> dict[str, Any]:
    return {
        "answer_id": answer_id,
        "cycle_id": answer["cycle_id"],
        "jurisdiction_code": answer["jurisdiction_code"],
        "recommendation_id": answer["recommendation_id"],
        "version": version,
        "before_status": SCALE[version - 2] if version > 1 else None,
        "after_status": SCALE[version - 1],
        "changed_by": answer["answered_by"],
        "agency": "",
        "changed_at": now - timedelta(minutes=REVISIONS - version),
        "source": "button",
    }
