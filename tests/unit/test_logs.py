"""bot.logs: JSON lines with the bound fields, in the thread that bound them and in the listener
pool's threads; and `python -m bot run …` under LOG_FORMAT=json names its job."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.logs import JsonFormatter, bind, current, job_id
from bot.runtime import TrackedExecutor
from bot.workflows.outbox import enqueue
from sandbox.slack import FakeSlack
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def record(message: str, *, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError("boom")
        except ValueError:
            info = sys.exc_info()
    return logging.LogRecord("bot.test", logging.WARNING, __file__, 1, message, (), info)


def test_a_line_is_one_json_object_with_the_bound_fields() -> None:
    with bind(request="req-1", user="UPOC", jurisdiction="TX"):
        line = JsonFormatter().format(record("saved «notes»\nsecond line"))
    assert "\n" not in line
    got = json.loads(line)
    assert got["message"] == "saved «notes»\nsecond line"
    assert (got["request"], got["user"], got["jurisdiction"]) == ("req-1", "UPOC", "TX")
    assert (got["level"], got["logger"]) == ("WARNING", "bot.test")
    assert got["time"].endswith("+00:00")
    assert "job" not in got
    assert current() == {}  # the block's fields are gone after it


def test_an_exception_is_one_string_field() -> None:
    with bind(job=job_id("dispatch")):
        got = json.loads(JsonFormatter().format(record("failed", exc=True)))
    assert got["job"].startswith("dispatch-")
    assert "Traceback" in got["exc"] and got["exc"].endswith("builtins.ValueError")
    assert "boom" not in got["exc"].splitlines()[-1]  # an exception's message may quote typed text


def test_bind_refuses_an_unknown_field() -> None:
    with pytest.raises(TypeError), bind(colour="blue"):
        pass


def test_the_listener_pool_runs_work_in_the_submitting_context() -> None:
    pool = TrackedExecutor(max_workers=2)
    with bind(request="req-9", user="UAG1"):
        future = pool.submit(current)
    assert future.result(timeout=5) == {"request": "req-9", "user": "UAG1"}
    pool.shutdown()


def test_run_dispatch_with_json_logs_names_its_job(
    db_url: str, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session, session.begin():
        enqueue(session, key="k1", kind="digest", recipient="C1", text="hi", now=NOW)
    with FakeSlack() as fake:
        fake.fail("chat.postMessage", status=500)
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-logs",
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": db_url,
            "LOG_FORMAT": "json",
        }
        done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            [sys.executable, "-m", "bot", "run", "dispatch", "--now", NOW.isoformat()],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1, done.stderr  # a message is left queued for the clock
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert lines, "the retry should be logged"
    for line in lines:
        assert line["job"].startswith("dispatch-")
    assert any("retry in" in line["message"] for line in lines)
