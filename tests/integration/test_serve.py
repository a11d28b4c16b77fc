"""`python -m bot serve` as the Procfile runs it: a real process, waitress, a local Slack."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, data: bytes | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=2) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not answer within 20 s")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


def test_serve_migrates_checks_the_token_and_answers(
    db_url: str, tmp_path: Path, fake: FakeSlack
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "shh",
        "SLACK_API_URL": fake.base_url,
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
        cwd=tmp_path,  # no .env from the checkout
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", process)
        status, health = get(f"{base}/healthz")
        assert (status, json.loads(health)["database"]) == (200, "ok")
        # Unsigned requests are refused: the signing secret is in force.
        status, _ = get(f"{base}/slack/events", data=b"command=%2Fassess&text=help")
        assert status == 401
        assert len(fake.calls("auth.test")) == 1
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)  # gunicorn stops gracefully
    assert "Traceback" not in output
    assert f"Serving http://127.0.0.1:{port}/slack/events" in output
