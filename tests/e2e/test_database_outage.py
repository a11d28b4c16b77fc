"""The database away for a moment: one "try again" line, nothing partial kept, the process
keeps serving, and /healthz says 503 until the database is back."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.outage import UNAVAILABLE
from sandbox.slack import FakeSlack
from store.models import Walk
from tests.clock import Clock
from tests.e2e.conftest import SECRET, RunningBot, start_bot
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver
from tests.tcp_proxy import TcpProxy


def health(bot: RunningBot) -> tuple[int, dict[str, str]]:
    url = bot.url.replace("/slack/events", "/healthz")
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310 - loopback
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def walks(db: sessionmaker[Session]) -> int:
    with db() as s:
        return s.scalar(select(func.count()).select_from(Walk)) or 0


def seed(db: sessionmaker[Session], clock: Clock) -> None:
    add_cycle(db, now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)


@contextmanager
def read_only(db_file: Path) -> Iterator[None]:
    """The SQLite file and its write-ahead log made immutable (even root cannot write them)."""
    files = [str(p) for p in (db_file, db_file.with_name(db_file.name + "-wal")) if p.exists()]
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", *files]).returncode:  # noqa: S603
        pytest.skip("chattr +i is not available here (needs root and ext4 or similar)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", *files], check=True)  # noqa: S603


def test_a_read_only_sqlite_file_gets_one_line_and_nothing_partial(
    db_url: str, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], clock: Clock
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the SQLite outage; PostgreSQL's is the next test")
    seed(db, clock)
    with read_only(Path(make_url(db_url).database or "")):
        assert slack.command("UPOC", "housing").status == 200
        assert [e["text"] for e in fake.ephemerals("UPOC")] == [UNAVAILABLE]
    assert walks(db) == 0
    assert slack.command("UPOC", "housing").status == 200  # back: the same process serves it
    assert walks(db) == 1


@pytest.fixture
def proxy(db_url: str) -> Iterator[TcpProxy]:
    if db_url.startswith("sqlite"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    url = make_url(db_url)
    running = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    yield running
    running.stop()


def test_a_stopped_postgresql_connection_gets_503_and_one_line_until_it_is_back(
    db_url: str, proxy: TcpProxy, fake: FakeSlack, clock: Clock
) -> None:
    via_proxy = make_url(db_url).set(host="127.0.0.1", port=proxy.port)
    bot = start_bot(via_proxy.render_as_string(hide_password=False), fake, clock)
    try:
        slack = SlackDriver(bot.url, SECRET, fake, bot.app)
        seed(bot.app.deps.sessions, clock)
        assert health(bot)[0] == 200
        proxy.stop()
        assert health(bot) == (503, {"status": "unavailable", "database": "unreachable"})
        assert slack.command("UPOC", "housing").status == 200
        assert [e["text"] for e in fake.ephemerals("UPOC")] == [UNAVAILABLE]
        assert health(bot)[0] == 503
        proxy.start()
        status, body = health(bot)
        assert status == 200 and body["catalog"].startswith("draft-")
        assert slack.command("UPOC", "housing").status == 200
        assert walks(bot.app.deps.sessions) == 1
    finally:
        bot.stop()


def test_healthz_reports_the_database_and_the_catalog_version(bot: RunningBot) -> None:
    status, body = health(bot)
    assert status == 200
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["catalog"].startswith("draft-") and len(body["catalog"]) == len("draft-") + 12


READ_ONLY = (503, {"status": "unavailable", "database": "read-only"})


def test_healthz_says_503_while_the_sqlite_file_is_read_only(
    db_url: str, bot: RunningBot, slack: SlackDriver, fake: FakeSlack
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the SQLite file; PostgreSQL's read-only mode is the next test")
    assert health(bot)[0] == 200
    with read_only(Path(make_url(db_url).database or "")):
        assert health(bot) == READ_ONLY
    assert health(bot)[0] == 200


def test_healthz_says_503_while_postgresql_takes_no_writes(
    db_url: str, fake: FakeSlack, clock: Clock
) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    # As on a hot standby, or with default_transaction_read_only set for the bot's role.
    url = make_url(db_url)
    options = f"{url.query.get('options', '')} -cdefault_transaction_read_only=on".strip()
    bot = start_bot(
        url.update_query_dict({"options": options}).render_as_string(False), fake, clock
    )
    try:
        assert health(bot) == READ_ONLY
    finally:
        bot.stop()
