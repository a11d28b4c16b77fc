"""`run reminders --now <a past instant>` beside running clocks: the lease of a row it claims is
measured on the wall clock, not on the instant it was given, so a clock dispatching at the same
time leaves the row alone while the first post is still on its way (Slack slow to answer)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Report, drain
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack
from tests.integration.test_dispatch_fence import stored

PAST = datetime(2025, 11, 19, 14, tzinfo=UTC)  # the operator's --now, long gone


def queue(sessions: sessionmaker[Session], key: str, recipient: str) -> None:
    with sessions() as session, session.begin():
        enqueue(session, key=key, kind="digest", recipient=recipient, text=f"hi {key}", now=PAST)


class SlowSlack(FakeSlack):
    """Slack taking its time over the first post: meanwhile `during` runs (another dispatcher)."""

    during: Callable[[], None] | None = None

    def _serve(self, method: str, args: Any, token: str | None, answer: Any) -> Any:
        if method == "chat.postMessage" and self.during is not None:
            during, self.during = self.during, None
            during()
        return super()._serve(method, args, token, answer)


def test_a_row_claimed_at_a_past_instant_is_not_posted_again_by_a_running_clock(
    sessions: sessionmaker[Session],
) -> None:
    queue(sessions, "digest:U1:2025-11-19", "C1")
    with SlowSlack() as fake:
        clock_client = WebClient(token="xoxb-b", base_url=fake.base_url)
        seen: list[Report] = []

        def running_clock() -> None:
            seen.append(drain(sessions, clock_client, now=lambda: datetime.now(UTC)))

        fake.during = running_clock
        past_run = WebClient(token="xoxb-a", base_url=fake.base_url)
        first = drain(sessions, past_run, now=lambda: PAST)

        assert seen and seen[0].attempted == 0, "the clock left the claimed row alone"
        assert first.sent == ["digest:U1:2025-11-19"]
        assert len(fake.messages("C1")) == 1
        assert stored(sessions, "digest:U1:2025-11-19").attempts == 1


def test_a_lease_taken_now_still_runs_out_on_the_wall_clock(
    sessions: sessionmaker[Session],
) -> None:
    """A claim abandoned by a crashed process is taken over once its lease has run out."""
    queue(sessions, "k-crash", "C1")
    with FakeSlack() as fake:
        client = WebClient(token="xoxb-a", base_url=fake.base_url)
        later = datetime.now(UTC) + timedelta(minutes=3)

        def crash(_row: Any) -> None:
            raise KeyboardInterrupt  # the process dies between claim and post

        with contextlib.suppress(KeyboardInterrupt):
            drain(sessions, client, now=lambda: PAST, before_post=crash)
        assert drain(sessions, client, now=lambda: PAST).attempted == 0, "still leased"
        took_over = drain(sessions, client, now=lambda: PAST, lease_clock=lambda: later)
        assert took_over.sent == ["k-crash"]
