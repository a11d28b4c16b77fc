"""LOG_FORMAT=json: one JSON object per line, naming the Slack request, the person and their
jurisdiction, also for lines logged after the ack on the listener threads."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.logs import JsonFormatter
from sandbox.slack import FakeSlack
from tests.slack_driver import SlackDriver


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def parsed(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_failing_request_logs_json_lines_naming_request_user_and_jurisdiction(
    slack: SlackDriver, fake: FakeSlack, texas: None, json_lines: io.StringIO
) -> None:
    fake.fail("chat.postMessage", status=500, times=5)
    slack.command("UAG1", "housing")
    lines = parsed(json_lines)
    arrived = [x for x in lines if x["message"] == "slack command /assess"]
    assert len(arrived) == 1
    request = arrived[0]["request"]
    assert request.startswith("req-")
    assert arrived[0]["user"] == "UAG1"
    after_ack = [
        x for x in lines if x.get("request") == request and x["message"] != "slack command /assess"
    ]
    assert after_ack, [
        {k: v for k, v in x.items() if k != "exc"} for x in lines
    ]  # the failure, logged on a listener thread, names the request
    for line in after_ack:
        assert (line["user"], line["jurisdiction"]) == ("UAG1", "TX")
        assert line["logger"].startswith("bot.")
    assert any(line["level"] in ("WARNING", "ERROR") for line in after_ack)


def test_an_event_is_logged_with_its_event_id(
    slack: SlackDriver, texas: None, json_lines: io.StringIO
) -> None:
    slack.open_home("UOTHER")
    (line,) = [x for x in parsed(json_lines) if x["message"] == "slack event app_home_opened"]
    assert line["request"].startswith("Ev")
    assert line["user"] == "UOTHER"
