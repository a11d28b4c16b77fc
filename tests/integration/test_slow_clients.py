"""Slow and oversized clients against `python -m bot serve` (one process, eight threads, as the
issue measured it), over real sockets: they cost connections, never the threads Slack needs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.buffering import REQUEST_DEADLINE
from sandbox.signed import SignedSender
from sandbox.slack import FakeSlack
from tests.integration.test_serve import ROOT, free_port, get

SECRET = "shh"
HOLDERS = 50
HEAD = (
    "POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
)


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[str, FakeSlack]]:
    with FakeSlack() as fake:
        fake.add_user("USTRANGER")
        fake.add_channel("C0HELP")
        port = free_port()
        env = {
            **os.environ,
            "PORT": str(port),
            "DATABASE_URL": db_url,
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "WEB_CONCURRENCY": "1",
            "WEB_THREADS": "8",
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            up(f"{base}/healthz", process)
            yield base, fake
        finally:
            process.terminate()
            output, _ = process.communicate(timeout=30)
        assert "Traceback" not in output


def up(url: str, process: subprocess.Popen[str]) -> None:
    """Until the server answers (a busy machine may take a while to start it)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited with {process.returncode}"
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("serve did not answer within 90 s")


def hold(port: int, index: int) -> socket.socket:
    """Half of them send the headers and 4 bytes of a 100,000-byte body, half a header line."""
    sock = socket.create_connection(("127.0.0.1", port))
    if index % 2:
        sock.sendall(f"{HEAD}Content-Length: 100000\r\n\r\nabcd".encode())
    else:
        sock.sendall(f"{HEAD}X-Slack-Sig".encode())
    return sock


def timed(call: object) -> float:
    began = time.perf_counter()
    assert callable(call)
    call()
    return time.perf_counter() - began


def test_slow_connections_stall_neither_health_nor_commands(
    served: tuple[str, FakeSlack],
) -> None:
    base, fake = served
    port = int(base.rsplit(":", 1)[1])
    slow = [hold(port, i) for i in range(HOLDERS)]
    try:
        time.sleep(0.5)  # real sockets: let the server take every one of them in
        sender = SignedSender(f"{base}/slack/events", SECRET, fake, wait=lambda: None)

        def healthy() -> None:
            assert get(f"{base}/healthz")[0] == 200

        def command() -> None:
            sent = sender.form(
                {
                    "command": "/assess",
                    "text": "help",
                    "user_id": "USTRANGER",
                    "channel_id": "C0HELP",
                }
            )
            assert sent.status == 200

        waits = [timed(healthy) for _ in range(3)] + [timed(command) for _ in range(3)]
        assert max(waits) < 1.0, waits
        # The request that is never finished is answered 408 at the deadline and closed.
        slow[1].settimeout(REQUEST_DEADLINE + 5)
        began = time.monotonic()
        answer = slow[1].recv(200)
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - began < REQUEST_DEADLINE + 3
    finally:
        for sock in slow:
            sock.close()


def test_a_body_larger_than_the_limit_is_refused_before_it_is_sent(
    served: tuple[str, FakeSlack],
) -> None:
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"{HEAD}Content-Length: 4000000\r\n\r\n".encode())
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
