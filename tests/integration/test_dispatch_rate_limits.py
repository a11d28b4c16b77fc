"""A 429 is Slack asking to wait, not a failed attempt: a long stretch of rate limits followed by
a short outage leaves the row with its whole allowance of real failures, and it is delivered."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import drain
from bot.delivery_errors import MAX_ATTEMPTS
from bot.pacing import Pacer
from sandbox.slack import FakeSlack
from tests.integration.test_dispatch_fence import NOW, queue, stored

RATE_LIMITED_CALLS = 40  # Retry-After 1 for 40 s while two clocks dispatch
SERVER_ERRORS = 3  # then a few seconds of 500s


def test_rate_limits_do_not_use_up_the_retry_allowance(
    sessions: sessionmaker[Session],
) -> None:
    queue(sessions, "digest:U1:2027-03-24", "C1")
    with FakeSlack() as fake:
        client = WebClient(token="xoxb-a", base_url=fake.base_url)
        fake.fail("chat.postMessage", status=429, retry_after=1, times=RATE_LIMITED_CALLS)
        fake.fail("chat.postMessage", error="internal_error", status=500, times=SERVER_ERRORS)
        at, sent = NOW, False
        for _ in range(RATE_LIMITED_CALLS + SERVER_ERRORS + 1):
            at += timedelta(hours=1)  # past any retry delay: each drain makes one attempt
            report = drain(sessions, client, now=lambda t=at: t, pacer=Pacer(interval=0.0))
            assert report.failed == [], stored(sessions, "digest:U1:2027-03-24").last_error
            sent = sent or bool(report.sent)
        row = stored(sessions, "digest:U1:2027-03-24")
        assert sent and row.status == "sent"
        assert row.attempts <= SERVER_ERRORS + 1 < MAX_ATTEMPTS
        assert len(fake.messages("C1")) == 1
