"""A click or command the listener cannot read: 200 at once, one polite line, nothing written."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.guard import UNREADABLE
from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import AnswerHistory, Participant
from tests.hostile import click
from tests.slack_driver import SlackDriver

pytestmark = pytest.mark.usefixtures("texas")

# (action_id, value) pairs that no message of ours carries.
UNREADABLE_CLICKS = {
    "answer garbage": (f"{ids.ANSWER}:tier_2", "garbage"),
    "answer {}": (f"{ids.ANSWER}:tier_2", "{}"),
    'answer {"w":"abc"}': (f"{ids.ANSWER}:tier_2", '{"w":"abc","r":"HOU-1"}'),
    "skip garbage": (ids.SKIP, "garbage"),
    "skip {}": (ids.SKIP, "{}"),
    'skip {"w":"abc"}': (ids.SKIP, '{"w":"abc","r":"HOU-1"}'),
    "back garbage": (ids.BACK, "garbage"),
    "notes {}": (ids.NOTES, "{}"),
    "change garbage": (ids.CHANGE, "garbage"),
    "member_remove abc": (ids.MEMBER_REMOVE, "abc"),
    "review_topic {bad": (ids.REVIEW_TOPIC, "{bad"),
}


def writes(db: sessionmaker[Session]) -> tuple[int, int]:
    with db() as s:
        return (
            s.scalar(select(func.count()).select_from(AnswerHistory)) or 0,
            s.scalar(select(func.count()).select_from(Participant)) or 0,
        )


@pytest.mark.parametrize("name", list(UNREADABLE_CLICKS))
def test_an_unreadable_button_value_gets_one_polite_line(
    name: str, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    action_id, value = UNREADABLE_CLICKS[name]
    before = writes(db)
    payload: dict[str, Any] = click(
        actions=[{"action_id": action_id, "block_id": "b", "type": "button", "value": value}]
    )
    payload["user"]["id"] = "UCOM" if action_id == ids.MEMBER_REMOVE else "UPOC"
    payload["response_url"] = fake.new_response_url("C0WALK", payload["user"]["id"])
    response = slack.interaction(payload)
    assert response.status == 200 and response.ack_ms < 1000
    told = fake.ephemerals(payload["user"]["id"])
    assert [e["text"] for e in told] == [UNREADABLE]
    assert writes(db) == before


def test_a_slash_command_without_a_user_gets_one_polite_line(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    before = writes(db)
    began = time.perf_counter()
    response = slack.form(
        {
            "command": "/assess",
            "text": "housing",
            "team_id": "T0SANDBOX",
            "channel_id": "C0WALK",
            "response_url": fake.new_response_url("C0WALK", "UPOC"),
        }
    )
    assert response.status == 200 and time.perf_counter() - began < 1.5
    assert [e["text"] for e in fake.ephemerals()] == [UNREADABLE]
    assert fake.messages("C0WALK") == []
    assert writes(db) == before


def test_the_list_holds_the_12_cases_of_the_report() -> None:
    assert len(UNREADABLE_CLICKS) + 1 == 12
