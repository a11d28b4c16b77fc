"""Slack's faults at the wire: 429s and dropped connections are retried, a hung call gives up
after the timeout, and no hung call holds a listener thread or a database transaction."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.cli.slack import web_client
from bot.jobs import make_deps
from bot.settings import Settings
from sandbox.driver import SlackDriver as RawDriver
from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.e2e.conftest import SECRET, RunningBot, start_bot
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver

TIMEOUT_S = 1


def retries_and_timeout(client: WebClient) -> tuple[set[type], int]:
    return {type(h) for h in client.retry_handlers}, client.timeout


def test_every_client_the_bot_builds_retries_and_times_out(bot: RunningBot, db_url: str) -> None:
    settings = Settings(_env_file=None, DATABASE_URL=db_url, SLACK_TIMEOUT_SECONDS="7")  # type: ignore[call-arg]
    wanted = {ConnectionErrorRetryHandler, RateLimitErrorRetryHandler}
    assert retries_and_timeout(web_client(settings)) == (wanted, 7)  # CLI, clock, serve
    assert retries_and_timeout(make_deps(settings).client) == (wanted, 7)  # jobs
    web = bot.app.deps.client
    assert retries_and_timeout(web) == (wanted, 10)  # the web app, default timeout
    assert bot.app.bolt.client is web
    socket = SocketModeHandler(bot.app.bolt, "xapp-test")  # type: ignore[no-untyped-call]
    assert socket.client.web_client is web  # Socket Mode posts through the same client


@pytest.fixture
def texas_open(db: sessionmaker[Session], clock: Clock) -> None:
    add_cycle(db, now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)


@pytest.mark.usefixtures("texas_open")
def test_a_rate_limited_post_is_retried_after_retry_after(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=1)
    assert slack.command("UPOC", "housing").status == 200
    posts = fake.calls("chat.postMessage")
    assert len(posts) == 3  # the 429, its retry, then the first question in the thread
    assert len(fake.messages("C0WALK", top_level_only=True)) == 1
    assert fake.ephemerals("UPOC") == []


@pytest.mark.usefixtures("texas_open")
def test_a_dropped_connection_is_retried(slack: SlackDriver, fake: FakeSlack) -> None:
    fake.fail("chat.postMessage", status=0)
    assert slack.command("UPOC", "housing").status == 200
    assert len(fake.calls("chat.postMessage")) == 3  # the dropped one, its retry, the question
    assert len(fake.messages("C0WALK", top_level_only=True)) == 1


@pytest.fixture
def impatient_bot(db_url: str, fake: FakeSlack, clock: Clock) -> Iterator[RunningBot]:
    running = start_bot(db_url, fake, clock, SLACK_TIMEOUT_SECONDS=str(TIMEOUT_S))
    add_cycle(running.app.deps.sessions, now=clock.now)
    add_participant(running.app.deps.sessions, "UPOC", "TX", "poc", now=clock.now)
    yield running
    running.stop()


def test_a_hung_call_holds_neither_a_transaction_nor_a_thread_past_the_timeout(
    impatient_bot: RunningBot, fake: FakeSlack, db_url: str, tmp_path: Path
) -> None:
    fake.hang("chat.postMessage", seconds=TIMEOUT_S + 5)
    driver = RawDriver(impatient_bot.url, SECRET, fake, wait=lambda: None)
    began = time.perf_counter()
    assert driver.command("UPOC", "housing").status == 200
    fake.wait_for_calls("chat.postMessage", 1)
    # While Slack hangs, the database takes a write at once: no transaction is open.
    probe = create_engine(db_url, connect_args={"timeout": 0.2} if "sqlite" in db_url else {})
    with probe.begin() as conn:
        conn.execute(text("UPDATE cycles SET name = name"))
    probe.dispose()
    impatient_bot.app.wait_idle(timeout=TIMEOUT_S + 4)
    assert time.perf_counter() - began < TIMEOUT_S + 4  # before the 6 s hang ends
    assert len(fake.ephemerals("UPOC")) == 1  # one line, not a silence and not a traceback
