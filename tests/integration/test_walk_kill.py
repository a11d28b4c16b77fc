"""A real `python -m bot serve` killed with SIGKILL mid-walk: after a restart, `/assess housing`
points at the open question instead of posting a second live copy."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox.driver import SlackDriver, buttons, text_of
from sandbox.slack import FakeSlack
from store.db import make_engine, make_session_factory
from tests.conftest import NOW
from tests.factories import add_cycle, add_participant
from tests.integration.test_serve import ROOT, free_port, wait_until_up

SECRET = "kill-test-secret"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.add_user("UPOC", tz="America/Chicago")
        yield slack


def serve(db_url: str, fake: FakeSlack, port: int, folder: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=folder,
        env=env,
        stdout=(folder / f"serve-{port}-{time.monotonic()}.log").open("w"),
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the server and its workers die together
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
    return process


def kill(process: subprocess.Popen[str]) -> None:
    """SIGKILL the whole server, its gunicorn master and workers alike, as a crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def until(check: Callable[[], bool], fake: FakeSlack, folder: Path) -> None:
    """The bot works after its ack in another process: wait for what it posts to arrive. On a
    timeout, say what the thread holds and what the server logged, so a failure explains itself."""
    deadline = time.monotonic() + 60
    while not check():
        if time.monotonic() > deadline:
            thread = [
                (m["text"][:40], [b["action_id"] for b, _ in buttons(m)]) for m in questions(fake)
            ]
            logs = "\n".join(p.read_text()[-3000:] for p in sorted(folder.glob("serve-*.log")))
            raise AssertionError(
                f"the bot did not post what was expected within 60 s\nthread: {thread}\n{logs}"
            )
        time.sleep(0.02)


def questions(fake: FakeSlack) -> list[dict]:
    return [m for m in fake.messages("C0WALK") if m.get("thread_ts") not in (None, m["ts"])]


def live(fake: FakeSlack) -> list[str]:
    return [
        m["text"].split(" ", 1)[0]
        for m in questions(fake)
        if any(b["action_id"].startswith("walk_answer:") for b, _ in buttons(m))
    ]


def test_after_sigkill_and_restart_the_walk_resumes_at_the_open_message(
    db_url: str, fake: FakeSlack, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    add_cycle(sessions, now=NOW)
    add_participant(sessions, "UPOC", "TX", "poc", now=NOW)
    engine.dispose()
    port = free_port()
    slack = SlackDriver(f"http://127.0.0.1:{port}/slack/events", SECRET, fake, wait=lambda: None)
    process = serve(db_url, fake, port, tmp_path)
    try:
        slack.command("UPOC", "housing")
        until(lambda: live(fake) == ["HOU-1"], fake, tmp_path)
        for expected in ("HOU-2", "HOU-3"):
            slack.click("UPOC", questions(fake)[-1], "walk_answer:tier_2")
            until(lambda expected=expected: live(fake) == [expected], fake, tmp_path)  # type: ignore[misc]
        kill(process)  # as soon as HOU-3 reached Slack: often before it was recorded
        process = serve(db_url, fake, port, tmp_path)
        slack.command("UPOC", "housing")
        until(lambda: bool(fake.ephemerals("UPOC")), fake, tmp_path)
        assert "HOU-3 is the open question" in text_of(fake.ephemerals("UPOC")[-1])
        assert live(fake) == ["HOU-3"], "no second live copy"
        assert questions(fake)[-1]["text"].startswith("HOU-3")
        slack.click("UPOC", questions(fake)[-1], "walk_answer:tier_1")
        until(lambda: live(fake) == ["HOU-4"], fake, tmp_path)
    finally:
        kill(process)
