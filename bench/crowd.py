"""One run of bench/concurrency.py: a web server in its own processes, N people clicking.

Each person is a thread that sends `/assess TOPIC` and then clicks the first answer of every
question as soon as it reaches the Slack stand-in, signed as Slack signs requests. The stand-in
runs in this process and notes when each `chat.postMessage` arrives, so "click -> next question"
is measured from the click leaving to the next question reaching Slack.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.procs import cpu_seconds, peak_rss_mb, pss_mb, tree
from sandbox.driver import SlackDriver
from sandbox.slack import FakeSlack
from sandbox.slack.http import Reply

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"  # noqa: S105 - the stand-in signs with it


class ArrivalFake(FakeSlack):
    """The stand-in, telling each channel's person when a message is posted there."""

    def __init__(self) -> None:
        super().__init__()
        self._watchers: dict[str, queue.SimpleQueue[tuple[float, dict[str, Any]]]] = {}

    def watch(self, channel: str) -> queue.SimpleQueue[tuple[float, dict[str, Any]]]:
        self._watchers[channel] = queue.SimpleQueue()
        return self._watchers[channel]

    def _serve(
        self, method: str, args: Any, token: str | None, answer: Callable[[], Reply]
    ) -> Reply:
        arrived = time.perf_counter()
        reply = super()._serve(method, args, token, answer)
        body = reply.body
        if method == "chat.postMessage" and isinstance(body, dict) and body.get("ok"):
            channel = str(body["channel"])
            watcher = self._watchers.get(channel)
            if watcher is not None:
                watcher.put((arrived, {**body["message"], "channel": channel}))
        return reply


@dataclass
class Outcome:
    acks: list[float] = field(default_factory=list)  # ms until the HTTP reply
    nexts: list[float] = field(default_factory=list)  # ms until the next question reached Slack
    statuses: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0  # wall time of the clicking
    cpu_seconds: float = 0.0  # user + system time of the server's processes meanwhile
    peak_rss_mb: float = 0.0  # sum of VmHWM over the server's processes
    pss_mb: float = 0.0  # sum of Pss at the end: shared pages split between the processes
    workers: int = 0


def is_question(message: dict[str, Any]) -> bool:
    return any(
        str(e.get("action_id", "")).startswith("walk_answer:")
        for b in message.get("blocks", [])
        for e in b.get("elements", [])
    )


def person(
    driver: SlackDriver,
    arrivals: queue.SimpleQueue[tuple[float, dict[str, Any]]],
    user: str,
    channel: str,
    walks: list[tuple[str, int]],
    out: Outcome,
    lock: threading.Lock,
) -> None:
    try:
        for slug, size in walks:
            reply = driver.command(user, slug, channel=channel)
            with lock:
                out.statuses.append(reply.status)
            _arrived, question = _next(arrivals, is_question)
            for _ in range(size):
                began = time.perf_counter()
                reply = driver.click(user, question, "walk_answer:tier_2")
                acked = time.perf_counter()
                arrived, question = _next(arrivals, lambda _m: True)
                with lock:
                    out.statuses.append(reply.status)
                    out.acks.append((acked - began) * 1000)
                    out.nexts.append((arrived - began) * 1000)
    except Exception as exc:  # a lost answer shows up as an error, not a hung bench
        with lock:
            out.errors.append(f"{user}: {exc!r}")


def _next(
    arrivals: queue.SimpleQueue[tuple[float, dict[str, Any]]],
    wanted: Callable[[dict[str, Any]], bool],
) -> Any:
    while True:
        arrived, message = arrivals.get(timeout=30)
        if wanted(message):
            return arrived, message


def crowd(
    url: str, fake: ArrivalFake, people: list[tuple[str, list[tuple[str, int]]]], out: Outcome
) -> None:
    """Everyone clicks at once; returns when all have walked their topics."""
    driver = SlackDriver(url, SECRET, fake, wait=lambda: None)
    lock = threading.Lock()
    threads = []
    for n, (user, walks) in enumerate(people):
        channel = f"C0B{n:04d}"
        arrivals = fake.watch(channel)
        threads.append(
            threading.Thread(
                target=person, args=(driver, arrivals, user, channel, walks, out, lock)
            )
        )
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.seconds = time.perf_counter() - began


@contextmanager
def server(
    command: list[str], env: dict[str, str], cwd: Path, workers: int, root: Path = ROOT
) -> Iterator[int]:
    """Start a gunicorn-served app from the checkout at `root`; yield its master pid once
    every worker answers."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command, env={**os.environ, **env, "PYTHONPATH": str(root)}, cwd=cwd
    )
    try:
        _wait_up(f"http://127.0.0.1:{env['PORT']}/healthz", process, process.pid, workers)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_up(url: str, process: subprocess.Popen[bytes], pid: int, workers: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                if len(tree(pid)) > workers:
                    time.sleep(1.0)  # let the last worker finish importing
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


def measure(pid: int, run: Callable[[], None], out: Outcome, profile: Path | None = None) -> None:
    """Run the crowd, noting the server's CPU and memory; with `profile`, py-spy samples each
    worker meanwhile (without pausing it) into collapsed-stack files there."""
    pids = tree(pid)
    out.workers = len(pids) - 1
    spies = [_spy(worker, profile) for worker in pids[1:] or pids] if profile else []
    before = cpu_seconds(pids)
    run()
    out.cpu_seconds = cpu_seconds(pids) - before
    out.peak_rss_mb = peak_rss_mb(pids)
    out.pss_mb = pss_mb(pids)
    for spy in spies:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=30)


def _spy(pid: int, folder: Path) -> subprocess.Popen[bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    output = folder / f"{pid}.txt"
    command = [
        str(Path(sys.executable).parent / "py-spy"),
        "record",
        "--nonblocking",
        "-r",
        "50",
        "-f",
        "raw",
        "-o",
        str(output),
    ]
    return subprocess.Popen(  # noqa: S603 - py-spy from this venv, our own pid
        [*command, "-p", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


if __name__ == "__main__":
    sys.exit("run bench/concurrency.py")
