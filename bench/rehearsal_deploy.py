"""The rehearsal's deployment, as production runs it: two `python -m bot serve` (gunicorn, a
worker per core) on two ports and two `python -m bot clock`, all on one PostgreSQL database and
one shared calendar (CLOCK_OFFSET_FILE). A supervisor restarts whatever dies, as a platform
would; the faults kill with SIGKILL, never politely."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.procs import peak_rss_mb, tree
from bot.cli.clock_shifted import CAUGHT_UP

ROOT = Path(__file__).resolve().parent.parent
SECRET = "rehearsal-signing-secret"  # noqa: S105 - the stand-in signs with it


@dataclass
class Slot:
    """One supervised process: its command, its latest run and what it last said."""

    name: str
    args: list[str]
    env: dict[str, str]
    process: subprocess.Popen[str] | None = None
    caught_up: str = ""  # a clock's latest "caught up to" instant (ISO, UTC)
    tracebacks: list[str] = field(default_factory=list)
    starts: int = 0


class Deployment:
    def __init__(
        self, env: dict[str, str], ports: list[int], clocks: int = 2, logs: Path | None = None
    ) -> None:
        self.logs = logs  # every line each process writes, kept there to look into afterwards
        if logs is not None:  # a reader that cannot open its file would leave its pipe to fill
            logs.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        self.ports = ports
        self.web = [
            Slot(f"web-{n}", ["serve", "--port", str(port)], {"SLACK_BOT_TOKEN": f"xoxb-web-{n}"})
            for n, port in enumerate(ports)
        ]
        self.clocks = [
            Slot(f"clock-{n}", ["clock"], {"SLACK_BOT_TOKEN": f"xoxb-clock-{n}"})
            for n in range(clocks)
        ]
        self.restarts: Counter[str] = Counter()
        self.peak_rss: dict[str, float] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    @property
    def slots(self) -> list[Slot]:
        return [*self.web, *self.clocks]

    def start(self) -> None:
        for slot in self.slots:
            self._launch(slot)
        threading.Thread(target=self._supervise, daemon=True).start()

    def _launch(self, slot: Slot) -> None:
        slot.caught_up = ""
        slot.starts += 1
        slot.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bot", *slot.args],
            env={**self.env, **slot.env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, args=(slot, slot.process), daemon=True).start()

    def _read(self, slot: Slot, process: subprocess.Popen[str]) -> None:
        assert process.stderr is not None
        log_file = (self.logs / f"{slot.name}.log").open("a") if self.logs else None
        with log_file or contextlib.nullcontext():
            for line in process.stderr:
                if log_file is not None:
                    log_file.write(f"{process.pid} {line}")
                    log_file.flush()
                if CAUGHT_UP in line:
                    slot.caught_up = line.rsplit(CAUGHT_UP, 1)[1].strip()
                elif "Traceback" in line or " ERROR " in line:
                    slot.tracebacks.append(line.rstrip())

    def _supervise(self) -> None:
        while not self._stopping.wait(0.25):
            for slot in self.slots:
                if slot.process is not None and slot.process.poll() is not None:
                    with self._lock:
                        self.restarts[slot.name] += 1
                    self._launch(slot)
            self._sample_memory()

    def _sample_memory(self) -> None:
        for slot in self.slots:
            if slot.process is None:
                continue
            try:
                rss = peak_rss_mb(tree(slot.process.pid))
            except OSError:  # a process went between listing and reading: next sample
                continue
            self.peak_rss[slot.name] = max(self.peak_rss.get(slot.name, 0.0), rss)

    def kill_web_worker(self, n: int) -> int:
        """SIGKILL one worker of web process `n` (its master starts another); 0 if none."""
        process = self.web[n].process
        workers = tree(process.pid)[1:] if process is not None else []
        if not workers:
            return 0
        _kill(workers[-1])
        return 1

    def kill_clock(self, n: int) -> None:
        process = self.clocks[n].process
        if process is not None:
            _kill(process.pid)

    def wait_clocks(self, when: datetime, timeout: float = 60.0) -> bool:
        """Until a clock has run its jobs at `when` or later (a restarted one runs them at
        start-up); the other, a moment behind, finds the same work done (idempotency keys)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(c.caught_up and _instant(c.caught_up) >= when for c in self.clocks):
                return True
            time.sleep(0.05)
        return False

    def wait_web(self, timeout: float = 90.0) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        for port in self.ports:
            while True:
                try:
                    url = f"http://127.0.0.1:{port}/healthz"
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"web on {port} did not answer") from None
                    time.sleep(0.2)

    def stop(self) -> None:
        self._stopping.set()
        for slot in self.slots:
            if slot.process is not None and slot.process.poll() is None:
                slot.process.send_signal(signal.SIGTERM)
        for slot in self.slots:
            if slot.process is not None:
                try:
                    slot.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    _kill(slot.process.pid)


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
