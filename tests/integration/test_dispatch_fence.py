"""A dispatcher that stalls between claiming a row and posting it, for longer than the lease,
posts nothing once another dispatcher has taken the row over: the claim is fenced by a token
checked just before the post."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.claims import LEASE, Due
from bot.delivery import Report, drain
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack
from store.models import OutboxMessage

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)


def queue(sessions: sessionmaker[Session], key: str, recipient: str) -> None:
    with sessions() as session, session.begin():
        enqueue(session, key=key, kind="digest", recipient=recipient, text=f"hi {key}", now=NOW)


def stored(sessions: sessionmaker[Session], key: str) -> OutboxMessage:
    with sessions() as session:
        return session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
        ).one()


def test_a_stalled_dispatcher_does_not_post_a_row_another_took_over(
    sessions: sessionmaker[Session],
) -> None:
    queue(sessions, "k1", "C1")
    with FakeSlack() as fake:
        stalled_client = WebClient(token="xoxb-a", base_url=fake.base_url)
        other_client = WebClient(token="xoxb-b", base_url=fake.base_url)
        later = NOW + LEASE + timedelta(seconds=30)  # the stalled claim's lease has run out
        seen: list[Report] = []

        def stall(row: Due) -> None:
            # While the first dispatcher is paused here, a second one runs to completion.
            seen.append(drain(sessions, other_client, now=lambda: later, lease_clock=lambda: later))
            assert row.key == "k1"

        first = drain(
            sessions, stalled_client, now=lambda: NOW, lease_clock=lambda: NOW, before_post=stall
        )

        assert seen[0].sent == ["k1"]  # the second dispatcher delivered it
        assert first.attempted == 0  # the stalled one found its claim gone and stayed silent
        assert [m["text"] for m in fake.messages("C1")] == ["hi k1"]
        row = stored(sessions, "k1")
        assert (row.status, row.attempts, row.claim_token) == ("sent", 2, None)


def test_a_stalled_dispatcher_whose_row_nobody_took_still_posts_it_once(
    sessions: sessionmaker[Session],
) -> None:
    queue(sessions, "k2", "C1")
    with FakeSlack() as fake:
        client = WebClient(token="xoxb-a", base_url=fake.base_url)
        at = [NOW]

        def stall(_row: Due) -> None:
            at[0] = NOW + LEASE * 3  # stalled long, but no other dispatcher came by

        report = drain(
            sessions, client, now=lambda: at[0], lease_clock=lambda: at[0], before_post=stall
        )
        assert report.sent == ["k2"]
        assert [m["text"] for m in fake.messages("C1")] == ["hi k2"]


def test_the_fence_holds_for_several_rows_in_one_stalled_run(
    sessions: sessionmaker[Session],
) -> None:
    for n in range(3):
        queue(sessions, f"r{n}", f"C{n}")
    with FakeSlack() as fake:
        stalled = WebClient(token="xoxb-a", base_url=fake.base_url)
        other = WebClient(token="xoxb-b", base_url=fake.base_url)
        later = NOW + LEASE + timedelta(minutes=1)
        took_over: list[str] = []

        def stall(row: Due) -> None:
            if not took_over:
                took_over.extend(
                    drain(sessions, other, now=lambda: later, lease_clock=lambda: later).sent
                )

        first = drain(
            sessions, stalled, now=lambda: NOW, lease_clock=lambda: NOW, before_post=stall
        )
        # The second dispatcher could take only the row whose claim had lapsed (the first);
        # the others were not yet claimed, so it sent them too; the stalled one sends nothing.
        assert sorted(took_over) == ["r0", "r1", "r2"]
        assert first.sent == []
        for n in range(3):
            assert len(fake.messages(f"C{n}")) == 1


def test_two_dispatcher_threads_one_stalled_past_its_lease_deliver_once(
    sessions: sessionmaker[Session],
) -> None:
    """The same race with real threads: the first stalls after its claim until the second, on a
    clock past the lease, has taken the row over and posted it."""
    queue(sessions, "k3", "C1")
    with FakeSlack() as fake:
        stalled = WebClient(token="xoxb-a", base_url=fake.base_url)
        other = WebClient(token="xoxb-b", base_url=fake.base_url)
        claimed, resume = threading.Event(), threading.Event()
        results: dict[str, Report] = {}

        def stall(_row: Due) -> None:
            claimed.set()
            assert resume.wait(timeout=30)

        def first() -> None:
            results["first"] = drain(
                sessions, stalled, now=lambda: NOW, lease_clock=lambda: NOW, before_post=stall
            )

        thread = threading.Thread(target=first)
        thread.start()
        assert claimed.wait(timeout=30)
        later = NOW + LEASE + timedelta(seconds=1)
        results["second"] = drain(sessions, other, now=lambda: later, lease_clock=lambda: later)
        resume.set()
        thread.join(timeout=30)

        assert (results["first"].sent, results["second"].sent) == ([], ["k3"])
        assert [m["text"] for m in fake.messages("C1")] == ["hi k3"]
        assert len(fake.calls("chat.postMessage")) == 1
