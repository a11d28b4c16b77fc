"""The sandbox's time: real time shifted forward, and the clock process's jobs run against it.

"Advance to …" moves the shift so the bot, the stand-in and the jobs all see the chosen
instant, then runs every job of the real clock (`bot.cli.clock.build_scheduler`) whose trigger
fired since the jobs last ran — once, at that instant, as the clock does after downtime.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.cli.clock import build_scheduler
from bot.deps import Deps
from bot.jobs import remind

log = logging.getLogger(__name__)
TICK_SECONDS = 30.0
# 16:00 UTC is within every U.S. mainland zone's 09:00-17:00 digest window but Pacific's.
DIGEST_HOUR_UTC = 16
LOOK_AHEAD_DAYS = 70


class SandboxClock:
    def __init__(self, offset: float = 0.0, real: Callable[[], float] = time.time) -> None:
        self.offset = offset
        self._real = real

    def timestamp(self) -> float:
        return self._real() + self.offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=UTC)

    def advance_to(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the instant needs a zone")
        if when <= self.now():
            raise ValueError("the sandbox clock only moves forward")
        self.offset = when.timestamp() - self._real()


def run_due_jobs(deps: Deps, since: datetime, until: datetime) -> list[str]:
    """Runs, at `until`, each clock job that was due in (since, until]; returns their names."""
    ran = []
    for job in build_scheduler(deps, start=until).get_jobs():
        fire = job.trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
        if fire is not None and fire <= until:
            job.func(*job.args)
            ran.append(str(job.name))
    return ran


def next_digest(deps: Deps, after: datetime) -> datetime | None:
    """The first day at DIGEST_HOUR_UTC after `after` on which the reminder job has a digest
    or an escalation to send, as its own dry run decides; None within LOOK_AHEAD_DAYS."""
    day = after.astimezone(UTC).replace(hour=DIGEST_HOUR_UTC, minute=0, second=0, microsecond=0)
    for n in range(LOOK_AHEAD_DAYS):
        instant = day + timedelta(days=n)
        if instant <= after:
            continue
        if remind(dataclasses.replace(deps, clock=_fixed(instant)), dry_run=True):
            return instant
    return None


def _fixed(instant: datetime) -> Callable[[], datetime]:
    return lambda: instant


class Ticker:
    """The clock process of the sandbox: every TICK_SECONDS, the jobs that came due."""

    def __init__(self, clock: SandboxClock, deps: Callable[[], Deps]) -> None:
        self.clock, self._deps = clock, deps
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
            self.clock.advance_to(when)
            return self._run()

    def tick(self) -> list[str]:
        with self._lock:
            return self._run()

    def _run(self) -> list[str]:
        until = self.clock.now()
        ran = run_due_jobs(self._deps(), self.last, until)
        self.last = until
        return ran

    def _loop(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            try:
                self.tick()
            except Exception:  # a failed run (or a restarting bot) must not stop the clock
                log.exception("sandbox clock: a job failed; the next tick tries again")
