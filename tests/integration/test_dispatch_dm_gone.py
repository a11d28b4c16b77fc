"""A DM channel this process opened before and Slack no longer knows (`channel_not_found`) is
opened again once, and the message goes out, instead of failing for good on a stale id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import drain
from bot.dm import dm_channel
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U1")
        yield fake


def test_a_dm_slack_no_longer_knows_is_opened_again(
    sessions: sessionmaker[Session], fake: FakeSlack
) -> None:
    client = WebClient(token="xoxb-dm-gone", base_url=fake.base_url)
    dm_channel(client, "U1")  # opened and kept by this process
    with sessions() as session, session.begin():
        enqueue(session, key="d1", kind="digest", recipient="U1", text="hi", now=NOW)
    fake.fail("chat.postMessage", error="channel_not_found")
    report = drain(sessions, client, now=lambda: NOW)
    assert report.sent == ["d1"]
    assert [m["text"] for m in fake.messages(fake.dm_channel("U1"))] == ["hi"]
    assert [c.method for c in fake.calls()].count("conversations.open") == 2
