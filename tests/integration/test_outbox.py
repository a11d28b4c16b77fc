"""The outbox sends each message once, retries what Slack defers and records what it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import drain
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack
from store.models import OutboxMessage


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U1")
        yield fake


def queue(sessions: sessionmaker[Session], key: str, recipient: str, now: datetime) -> bool:
    with sessions() as session, session.begin():
        return enqueue(
            session, key=key, kind="test", recipient=recipient, text=f"hello {key}", now=now
        )


def test_a_key_is_queued_once_and_sent_once(
    sessions: sessionmaker[Session], fake: FakeSlack, now: datetime
) -> None:
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    assert queue(sessions, "k1", "U1", now) is True
    assert queue(sessions, "k1", "U1", now) is False
    report = drain(sessions, client, now=lambda: now)
    assert report.sent == ["k1"]
    assert drain(sessions, client, now=lambda: now).sent == []
    assert [m["text"] for m in fake.messages(fake.dm_channel("U1"))] == ["hello k1"]


def test_rate_limited_and_server_errors_retry_later_permanent_errors_fail(
    sessions: sessionmaker[Session], fake: FakeSlack, now: datetime
) -> None:
    client = WebClient(token="xoxb-test", base_url=fake.base_url)
    queue(sessions, "limited", "C1", now)
    queue(sessions, "gone", "UNOBODY", now)
    fake.fail("chat.postMessage", status=429, retry_after=7)
    report = drain(sessions, client, now=lambda: now)
    assert (report.retry, report.failed) == (["limited"], ["gone"])
    assert drain(sessions, client, now=lambda: now + timedelta(seconds=6)).sent == []
    later = now + timedelta(seconds=8)
    assert drain(sessions, client, now=lambda: later).sent == ["limited"]
    with sessions() as session:
        rows = {r.idempotency_key: r for r in session.scalars(select(OutboxMessage))}
    assert (rows["gone"].status, rows["gone"].last_error) == ("failed", "user_not_found")
    # The 429 was Slack asking to wait, not a failed attempt: only the send counts.
    assert (rows["limited"].status, rows["limited"].attempts) == ("sent", 1)
    assert len(fake.messages("C1")) == 1
