"""Slack's wire rules: signatures, the replay window, URL verification and Events API retries."""

from __future__ import annotations

import json
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import AnswerHistory
from tests.clock import Clock
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, Transcript


def test_a_bad_signature_is_refused_and_nothing_happens(
    slack: SlackDriver, fake: FakeSlack, transcript: Transcript
) -> None:
    body = "command=%2Fassess&text=help&user_id=UPOC&channel_id=C1"
    response = slack.send(body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    assert response.status == 401
    transcript.expect()


def test_a_request_older_than_five_minutes_is_refused(
    slack: SlackDriver, transcript: Transcript
) -> None:
    body = "command=%2Fassess&text=help&user_id=UPOC&channel_id=C1"
    stale = int(time.time()) - 301
    response = slack.send(body, "application/x-www-form-urlencoded", timestamp=stale)
    assert response.status == 401
    transcript.expect()


def test_url_verification_echoes_the_challenge(slack: SlackDriver) -> None:
    body = json.dumps(
        {
            "token": "x",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    response = slack.send(body, "application/json")
    assert response.status == 200
    assert json.loads(response.body) == {
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    }


def test_a_retried_event_is_acted_on_once(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    clock: Clock,
    transcript: Transcript,
) -> None:
    add_cycle(db, now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    slack.command("UPOC", "housing")
    parent = fake.messages("C0WALK", top_level_only=True)[0]
    transcript.new()
    first = slack.reply("UPOC", parent, "A note", event_id="EvRETRY1")
    retry = slack.reply(
        "UPOC",
        parent,
        "A note",
        event_id="EvRETRY1",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert (first.status, retry.status) == (200, 200)
    transcript.expect("reactions.add", "chat.update")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 1


def test_messages_outside_walk_threads_are_acknowledged_and_ignored(
    slack: SlackDriver, transcript: Transcript
) -> None:
    response = slack.event(
        {
            "type": "message",
            "user": "UPOC",
            "text": "hello",
            "ts": "1.1",
            "channel": "D1",
            "channel_type": "im",
        }
    )
    assert response.status == 200
    transcript.expect()


def test_commands_are_acknowledged_before_the_work_is_done(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    """The HTTP reply is the bare ack; everything the person sees arrives through the Web API."""
    response = slack.command("USTRANGER", "status")
    assert (response.status, response.body) == (200, "")
    assert "not a participant" in fake.ephemerals("USTRANGER")[-1]["text"]
