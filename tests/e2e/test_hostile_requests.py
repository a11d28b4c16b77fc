"""Malformed signed requests get 400 and one log line; nothing reaches Slack or the database."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from store.models import ProcessedEvent
from tests.e2e.conftest import SECRET
from tests.hostile import HOSTILE
from tests.slack_driver import SlackDriver, Transcript


def send_signed(url: str, body: str | bytes, content_type: str) -> tuple[int, str]:
    """Sign the raw bytes as Slack does (the driver can only sign text that is valid UTF-8)."""
    data = body.encode() if isinstance(body, str) else body
    stamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + data, hashlib.sha256)
    request = urllib.request.Request(  # noqa: S310 - the test's own loopback server
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + mac.hexdigest(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_the_list_holds_the_68_requests_of_the_report_and_the_shapes_found_since() -> None:
    assert len(HOSTILE) == 68 + 11


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_malformed_request_gets_400_and_one_log_line(
    name: str,
    slack: SlackDriver,
    transcript: Transcript,
    db: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    body, content_type = HOSTILE[name]()
    caplog.set_level(logging.INFO)
    status, text = send_signed(slack.url, body, content_type)
    slack.wait()
    assert (status, text) == (400, "Bad Request")
    ours = [r for r in caplog.records if r.name.startswith("bot") and r.levelno >= logging.WARNING]
    assert [r.name for r in ours] == ["bot.edge.wsgi"]
    assert not any(r.exc_info for r in caplog.records) and "Traceback" not in caplog.text
    transcript.expect()
    with db() as s:
        assert s.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


def test_an_unsigned_malformed_request_is_refused_as_unsigned(slack: SlackDriver) -> None:
    """The signature is checked first: a stranger learns nothing about what we would accept."""
    response = slack.send("{oops", "application/json", signature="v0=" + "0" * 64)
    assert response.status == 401


def test_a_slash_command_whose_text_says_payload_still_runs(
    slack: SlackDriver, transcript: Transcript
) -> None:
    """Bolt reads any form mentioning "payload" as an interaction; the edge reads it right."""
    response = slack.command("USTRANGER", "payload")
    assert response.status == 200
    assert len(transcript.expect("chat.postEphemeral")) == 1


@pytest.mark.parametrize("stamp", ["", "soon", "-1", "1e9", "\xb2"])
def test_an_unreadable_timestamp_is_refused_as_unsigned(slack: SlackDriver, stamp: str) -> None:
    body = "command=%2Fassess&text=help&user_id=UPOC&channel_id=C1"
    response = slack.send(
        body,
        "application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": stamp},
        signature="v0=" + "0" * 64,
    )
    assert response.status == 401
