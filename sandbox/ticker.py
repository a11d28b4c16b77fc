"""The sandbox's clock process: every TICK_SECONDS, and on each jump, the jobs that came due
(`sandbox.clock.run_due_jobs`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.deps import Deps
from sandbox.clock import SandboxClock, run_due_jobs

log = logging.getLogger(__name__)
TICK_SECONDS = 30.0


class Ticker:
    """The clock process of the sandbox: every TICK_SECONDS, the jobs that came due."""

    def __init__(
        self,
        clock: SandboxClock,
        deps: Callable[[], Deps],
        zones: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self.clock, self._deps, self._zones = clock, deps, zones
        self.last = clock.now()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sandbox-clock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def advance_to(self, when: datetime) -> list[str]:
        with self._lock:
            if when.tzinfo is None:
                raise ValueError("the instant needs a zone")
            if when <= self.clock.now():
                raise ValueError("the sandbox clock only moves forward")
            return self._run(until=when)

    def tick(self) -> list[str]:
        with self._lock:
            return self._run(until=self.clock.now())

    def start_over(self) -> list[str]:
        """After a reset: what the real clock does when it starts (send what is queued at once)."""
        with self._lock:
            self.last = self.clock.now() - timedelta(minutes=1)
            return self._run(until=self.clock.now())

    def _run(self, until: datetime) -> list[str]:
        try:
            ran = run_due_jobs(
                self._deps(), self.last, until, zones=self._zones(), reach=self.clock.reach
            )
        finally:
            self.clock.release()
        self.last = until
        return ran

    def _loop(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            try:
                self.tick()
            except Exception:  # a failed run (or a restarting bot) must not stop the clock
                log.exception("sandbox clock: a job failed; the next tick tries again")
