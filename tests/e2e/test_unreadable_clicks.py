"""A click or command the listener cannot read: 200 at once, one polite line, nothing written."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.guard import UNREADABLE
from bot.handlers import ids
from bot.handlers.common import SORRY, TOO_LATE
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
    # Values that read as JSON but not as ours reached the workflows and ended in an apology.
    'answer {"w": 10**30}': (f"{ids.ANSWER}:tier_2", json.dumps({"w": 10**30, "r": "HOU-1"})),
    'skip {"w": 1, "r": 5}': (ids.SKIP, '{"w":1,"r":5}'),
    "member_remove 10**30": (ids.MEMBER_REMOVE, str(10**30)),
    'review_accept {"a": "x"}': (ids.REVIEW_ACCEPT, '{"a":"x","v":1,"s":""}'),
    'review_accept {"a": 10**30}': (ids.REVIEW_ACCEPT, json.dumps({"a": 10**30, "v": 1, "s": ""})),
    'review_accept since "yesterday"': (ids.REVIEW_ACCEPT, '{"a":1,"v":1,"s":"yesterday"}'),
    'review_topic {"j": ["TX"]}': (ids.REVIEW_TOPIC, '{"j":["TX"],"t":"housing","s":""}'),
    "review_all []": (ids.REVIEW_ALL, "[]"),
    'review_changes {"a": null}': (ids.REVIEW_CHANGES, '{"a":null,"v":1,"s":""}'),
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


def test_the_list_holds_the_12_cases_of_the_report_and_the_values_found_by_fuzzing() -> None:
    assert len(UNREADABLE_CLICKS) + 1 == 12 + 9


def test_a_command_from_someone_slack_does_not_know_ends_without_an_apology(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    """Only a forged request names a user Slack has never heard of: the help cannot reach
    them (a channel that is not theirs, no DM), and there is nobody to apologize to either."""
    response = slack.form(
        {
            "command": "/assess",
            "text": "help",
            "user_id": "UNOBODY",
            "channel_id": "D1",
            "team_id": "T0SANDBOX",
        }
    )
    assert response.status == 200
    told = [str(c.args.get("text")) for c in fake.calls() if c.method.startswith("chat.")]
    assert told and SORRY not in told


def test_a_form_slack_will_no_longer_open_is_explained_not_apologized_for(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    """views.open refuses a trigger older than 3 s, or one already used."""
    slack.command("UPOC", "housing")
    question = fake.messages("C0WALK")[-1]
    fake.fail("views.open", error="expired_trigger_id")
    assert slack.click("UPOC", question, ids.NOTES).status == 200
    assert [e["text"] for e in fake.ephemerals("UPOC")][-1] == TOO_LATE
