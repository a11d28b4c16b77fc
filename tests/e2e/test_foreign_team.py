"""Only the workspace the bot is installed in (auth.test's team) may drive it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Walk
from tests.hostile import click, envelope
from tests.slack_driver import SlackDriver, Transcript

pytestmark = pytest.mark.usefixtures("texas")
FOREIGN = "T0FOREIGN"


def test_requests_from_another_team_are_refused_and_logged_once(
    slack: SlackDriver,
    fake: FakeSlack,
    transcript: Transcript,
    db: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    command = {
        "command": "/assess",
        "text": "housing",
        "user_id": "UPOC",
        "channel_id": "C0WALK",
        "team_id": FOREIGN,
        "trigger_id": fake.new_trigger_id("UPOC"),
    }
    foreign_click = click(team={"id": FOREIGN, "domain": "elsewhere"})
    foreign_click["user"]["team_id"] = FOREIGN
    event = envelope(team_id=FOREIGN)
    replies = [
        slack.form(command),
        slack.form(command),
        slack.send(
            urlencode({"payload": json.dumps(foreign_click)}), "application/x-www-form-urlencoded"
        ),
        slack.send(json.dumps(event), "application/json"),
    ]
    assert [r.status for r in replies] == [403, 403, 403, 403]
    assert {k.lower(): v for k, v in replies[-1].headers.items()}["x-slack-no-retry"] == "1"
    transcript.expect()  # auth.test aside, nothing was sent
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Walk)) == 0
    refusals = [r for r in caplog.records if "refused requests from team" in r.getMessage()]
    assert len(refusals) == 1 and FOREIGN in refusals[0].getMessage()
    assert len(fake.calls("auth.test")) == 1


def test_the_own_team_is_served(slack: SlackDriver, fake: FakeSlack) -> None:
    assert slack.command("UPOC", "housing").status == 200
    assert fake.messages("C0WALK", top_level_only=True)
