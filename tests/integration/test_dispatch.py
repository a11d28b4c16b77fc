"""The dispatcher keeps Slack's limits and delivers each outbox row once: one message per second
per channel, Retry-After obeyed, transient failures retried with growing delays, permanent
refusals recorded and reported once; two reminder jobs at once still send each digest once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.delivery import drain
from bot.deps import Deps
from bot.dispatcher import dispatch
from bot.jobs import make_deps, remind
from bot.pacing import Pacer
from bot.settings import Settings
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack
from store.models import OutboxMessage
from tests.reminder_world import open_cycle, person

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)  # Wednesday, 09:00 in Chicago, a week before


class VirtualTime:
    """Monotonic seconds shared by the pacer and the fake's rate limiter; sleeping moves it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def fake(vt: VirtualTime) -> Iterator[FakeSlack]:
    with FakeSlack(rate_limit=True, clock=vt) as fake:
        for user in ("U1", "U2", "U3"):
            fake.add_user(user, tz="America/Chicago")
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


def deps_for(db_url: str, fake: FakeSlack, sessions: sessionmaker[Session], at: datetime) -> Deps:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=db_url,
        COMMITTEE_CHANNEL="CCOMMITTEE",
    )
    return make_deps(settings, sessions=sessions, clock=lambda: at)


def fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def queue(sessions: sessionmaker[Session], key: str, recipient: str, at: datetime = NOW) -> None:
    with sessions() as session, session.begin():
        enqueue(session, key=key, kind="digest", recipient=recipient, text=f"hi {key}", now=at)


def rows(sessions: sessionmaker[Session]) -> dict[str, OutboxMessage]:
    with sessions() as session:
        return {r.idempotency_key: r for r in session.scalars(select(OutboxMessage))}


def texts(fake: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in fake.messages(channel)]


def test_one_message_per_second_per_channel_other_channels_go_meanwhile(
    sessions: sessionmaker[Session], fake: FakeSlack, client: WebClient, vt: VirtualTime
) -> None:
    for n in range(4):
        queue(sessions, f"c{n}", "CBUSY")
    queue(sessions, "u1", "U1")
    queue(sessions, "u2", "U2")
    pacer = Pacer(clock=vt, sleep=vt.sleep)
    report = drain(sessions, client, now=lambda: NOW, pacer=pacer, max_wait=5)
    assert report.sent == ["c0", "u1", "u2", "c1", "c2", "c3"]
    assert vt.slept == [1.0, 1.0, 1.0]  # only the busy channel waited, a second each time
    assert fake.stats == {"accepted": 6, "limited": 0}
    assert texts(fake, "CBUSY") == ["hi c0", "hi c1", "hi c2", "hi c3"]


def test_a_drain_leaves_a_busy_channel_for_later_rather_than_wait_long(
    sessions: sessionmaker[Session], client: WebClient, vt: VirtualTime
) -> None:
    queue(sessions, "c0", "CBUSY")
    queue(sessions, "c1", "CBUSY")
    pacer = Pacer(clock=vt, sleep=vt.sleep)
    assert drain(sessions, client, now=lambda: NOW, pacer=pacer, max_wait=0).sent == ["c0"]
    assert rows(sessions)["c1"].status == "pending"
    vt.sleep(1.0)
    assert drain(sessions, client, now=lambda: NOW, pacer=pacer, max_wait=0).sent == ["c1"]


def test_a_429_rests_the_channel_for_retry_after_and_retries_the_row(
    sessions: sessionmaker[Session], fake: FakeSlack, client: WebClient, vt: VirtualTime
) -> None:
    queue(sessions, "a", "CBUSY")
    queue(sessions, "b", "CBUSY")
    fake.fail("chat.postMessage", status=429, retry_after=5)
    pacer = Pacer(clock=vt, sleep=vt.sleep)
    report = drain(sessions, client, now=lambda: NOW, pacer=pacer, max_wait=10)
    assert (report.retry, report.sent) == (["a"], ["b"])
    assert vt.slept == [5.0]  # "b" waited the Retry-After, not just the usual second
    assert rows(sessions)["a"].send_after == NOW + timedelta(seconds=5)
    later = drain(sessions, client, now=lambda: NOW + timedelta(seconds=5), pacer=pacer)
    assert later.sent == ["a"]
    assert sorted(texts(fake, "CBUSY")) == ["hi a", "hi b"]


def test_server_errors_back_off_and_finally_give_up(
    sessions: sessionmaker[Session], fake: FakeSlack, client: WebClient
) -> None:
    queue(sessions, "flaky", "C1")
    fake.fail("chat.postMessage", status=500, times=2)
    at = NOW
    assert drain(sessions, client, now=lambda: at).retry == ["flaky"]
    assert rows(sessions)["flaky"].send_after == at + timedelta(seconds=30)
    at += timedelta(seconds=30)
    assert drain(sessions, client, now=lambda: at).retry == ["flaky"]
    assert rows(sessions)["flaky"].send_after == at + timedelta(seconds=60)
    at += timedelta(seconds=60)
    assert drain(sessions, client, now=lambda: at).sent == ["flaky"]
    assert texts(fake, "C1") == ["hi flaky"]

    queue(sessions, "doomed", "C2")
    fake.fail("chat.postMessage", status=503, error="service_unavailable", times=100)
    for _ in range(12):
        at += timedelta(hours=2)
        drain(sessions, client, now=fixed(at))
    doomed = rows(sessions)["doomed"]
    assert (doomed.status, doomed.attempts) == ("failed", 12)
    assert doomed.last_error == "service_unavailable (gave up after 12 attempts)"


def test_an_unreachable_slack_is_a_transient_failure(sessions: sessionmaker[Session]) -> None:
    queue(sessions, "k", "C1")
    with FakeSlack() as gone:
        url = gone.base_url  # a port nobody listens on once the fake has stopped
    report = drain(sessions, WebClient(token="xoxb-test", base_url=url), now=lambda: NOW)
    assert report.retry == ["k"]
    assert rows(sessions)["k"].status == "pending"


def test_permanent_failures_are_recorded_and_reported_once_to_the_committee(
    db_url: str, sessions: sessionmaker[Session], fake: FakeSlack
) -> None:
    fake.add_user("UGONE", deleted=True)
    queue(sessions, "to-nobody", "UNOBODY")
    queue(sessions, "to-gone", "CARCHIVED")
    queue(sessions, "fine", "U1")
    fake.fail("chat.postMessage", error="is_archived")
    deps = deps_for(db_url, fake, sessions, NOW)
    first = dispatch(deps, follow=False)
    assert sorted(first.failed) == ["to-gone", "to-nobody"]
    assert "fine" in first.sent
    stored = rows(sessions)
    assert (stored["to-nobody"].status, stored["to-nobody"].last_error) == (
        "failed",
        "user_not_found",
    )
    assert stored["to-gone"].last_error == "is_archived"
    reports = texts(fake, "CCOMMITTEE")
    assert len(reports) == 2
    assert any("<@UNOBODY>" in r and "`user_not_found`" in r for r in reports)
    assert any("<#CARCHIVED>" in r and "`is_archived`" in r for r in reports)
    assert dispatch(deps, follow=False).attempted == 0
    assert len(texts(fake, "CCOMMITTEE")) == 2


def test_two_reminder_jobs_at_once_send_each_digest_once(
    db_url: str, sessions: sessionmaker[Session], fake: FakeSlack, catalog: Catalog
) -> None:
    open_cycle(sessions, now=NOW - timedelta(days=30))
    users = [f"UP{n:02d}" for n in range(24)]
    for n, user in enumerate(users):
        fake.add_user(user, tz="America/Chicago")
        person(sessions, user, ["TX", "OK", "LA"][n % 3], now=NOW, tz="America/Chicago")
    start = threading.Barrier(2)
    results: list[list[str]] = []

    def clock_process() -> None:
        deps = deps_for(db_url, fake, sessions, NOW)
        start.wait()
        results.append([o.planned.key for o in remind(deps)])
        dispatch(deps, follow=False)

    threads = [threading.Thread(target=clock_process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    queued_by_each = [len(r) for r in results]
    assert sum(queued_by_each) == 24, queued_by_each  # each digest was queued by one run only
    posts = fake.calls("chat.postMessage")
    keys = [c.args["metadata"]["event_payload"]["key"] for c in posts if c.args.get("metadata")]
    assert sorted(keys) == sorted(f"digest:{u}:2027-03-24" for u in users)
    assert {r.status for r in rows(sessions).values()} == {"sent"}


def test_the_clocks_dispatcher_waits_out_a_short_retry_after_and_finishes(
    db_url: str, sessions: sessionmaker[Session], fake: FakeSlack, vt: VirtualTime
) -> None:
    """With a moving clock the dispatcher waits a Retry-After of a second and carries on."""
    for n in range(3):
        queue(sessions, f"k{n}", "CBUSY")
    fake.fail("chat.postMessage", status=429, retry_after=1)
    start = vt.now
    deps = deps_for(db_url, fake, sessions, NOW)
    moving = replace(deps, clock=lambda: NOW + timedelta(seconds=vt.now - start))
    pacer = Pacer(clock=vt, sleep=vt.sleep)
    report = dispatch(moving, pacer=pacer, follow=True, sleep=vt.sleep)
    assert sorted(report.sent) == ["k0", "k1", "k2"] and report.retry == ["k0"]
    # The limited one goes last (messages here are independent); one a second, never faster.
    assert texts(fake, "CBUSY") == ["hi k1", "hi k2", "hi k0"]
    assert vt.now - start == pytest.approx(3.0, abs=0.2)
    assert fake.stats["limited"] == 0  # the injected 429 aside, the pace kept Slack happy
