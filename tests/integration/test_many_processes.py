"""Two `serve` instances of two gunicorn workers each and two `clock` processes on one database:
every click answered once and recorded once, every outbox message sent once. Real processes,
as the Procfile runs them; only Slack is a stand-in."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.outbox import enqueue
from sandbox.driver import SlackDriver
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, OutboxMessage
from tests.conftest import NOW
from tests.factories import add_cycle, add_participant
from tests.integration.test_serve import ROOT, free_port, wait_until_up

SECRET = "many-processes"
PEOPLE = [("UMP1", "TX"), ("UMP2", "CA"), ("UMP3", "NY"), ("UMP4", "FL")]
OUTBOX = [f"C0OUT{n}" for n in range(8)]


@contextmanager
def process(args: list[str], env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", *args],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
        assert "Traceback" not in output, output


def walk(driver: SlackDriver, fake: FakeSlack, user: str, channel: str, size: int) -> list[int]:
    """The person walks housing; returns the HTTP statuses of the command and each click."""
    statuses = [driver.command(user, "housing", channel=channel).status]
    for answered in range(size):
        fake.wait_for(lambda a=answered: len(fake.calls_in(channel)) >= a + 2, timeout=30)
        question = fake.messages(channel)[-1]
        statuses.append(driver.click(user, question, "walk_answer:tier_2").status)
    fake.wait_for(lambda: len(fake.calls_in(channel)) >= size + 2, timeout=30)
    return statuses


def unsent(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).where(OutboxMessage.status != "sent")) or 0)


class Fake(FakeSlack):
    def calls_in(self, channel: str) -> list[object]:
        return [c for c in self.calls("chat.postMessage") if c.args.get("channel") == channel]


@pytest.mark.slow
def test_web_workers_and_two_clocks_answer_record_and_send_once(
    db_url: str,
    sessions: sessionmaker[Session],
    catalog: Catalog,
    tmp_path: Path,
) -> None:
    add_cycle(sessions, now=NOW)
    for user, state in PEOPLE:
        add_participant(sessions, user, state, "poc", now=NOW)
    wall = datetime.now(UTC)
    with sessions() as session, session.begin():
        for channel in OUTBOX:
            # Due now by the wall clock, which is what the clock processes go by.
            enqueue(session, key=channel, kind="notice", recipient=channel, text="hi", now=wall)
    size = len(catalog.in_topic("housing"))
    ports = [free_port(), free_port()]
    with Fake() as fake, ExitStack() as running:
        for user, _state in PEOPLE:
            fake.add_user(user, tz="America/Chicago")
        env = {
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "4",
        }
        for port in ports:
            serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
            web = running.enter_context(process(serve, env, tmp_path))
            wait_until_up(f"http://127.0.0.1:{port}/healthz", web)
        for _ in range(2):
            running.enter_context(process(["clock"], env, tmp_path))
        # Slack spreads requests over whatever serves the URL: alternate between the two.
        drivers = [
            SlackDriver(f"http://127.0.0.1:{p}/slack/events", SECRET, fake, wait=lambda: None)
            for p in ports
        ]
        statuses: list[int] = []
        threads = [
            threading.Thread(
                target=lambda n=n, user=user: statuses.extend(
                    walk(drivers[n % 2], fake, user, f"C0MP{n}", size)
                )
            )
            for n, (user, _state) in enumerate(PEOPLE)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        fake.wait_for(lambda: all(fake.calls_in(c) for c in OUTBOX), timeout=60)
        fake.wait_for(lambda: unsent(sessions) == 0, timeout=30)
    # Every process has stopped: what Slack received is final.
    assert statuses == [200] * len(PEOPLE) * (size + 1)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == len(PEOPLE) * size
        assert session.scalar(select(func.count()).select_from(AnswerHistory)) == len(PEOPLE) * size
    for n, _person in enumerate(PEOPLE):
        posted = Counter(str(c.args.get("text", "")) for c in fake.calls_in(f"C0MP{n}"))
        assert len(posted) == size + 2, f"C0MP{n}: {posted}"  # parent, questions, summary
        assert set(posted.values()) == {1}, f"a question was asked twice: {posted}"
    assert [len(fake.calls_in(c)) for c in OUTBOX] == [1] * len(OUTBOX)
