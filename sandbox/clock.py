"""The sandbox's time: real time shifted forward, and the clock process's jobs run against it.

"Advance to …" walks time forward to the chosen instant and stops on the way wherever the real
clock would have done something: each person's 09:00 (the digest hour, in their own zone), the
Monday status post, the nightly retention run. At each stop the sandbox's clock shows that
instant and every job of the real clock (`bot.cli.clock.build_scheduler`) that fired since the
previous stop runs once — so New York's and California's digests both go out, each at its own
09:00, and Monday's post is dated Monday.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.cli.clock import build_scheduler
from bot.deps import Deps
from bot.jobs import remind

DIGEST_HOUR_LOCAL = 9  # the reminder job's digest hour, in each person's zone
LOOK_AHEAD_DAYS = 70
FREQUENT = timedelta(hours=1)  # a job firing more often than this runs at every stop


class SandboxClock:
    def __init__(self, offset: float = 0.0, real: Callable[[], float] = time.time) -> None:
        self.offset = offset
        self._real = real
        self._pinned: float | None = None

    def timestamp(self) -> float:
        if self._pinned is not None:
            return self._pinned
        return self._real() + self.offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=UTC)

    def advance_to(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("the instant needs a zone")
        if when <= self.now():
            raise ValueError("the sandbox clock only moves forward")
        self.offset = when.timestamp() - self._real()

    def reach(self, when: datetime) -> None:
        """Stand still at `when` (a stop on the way) until `release`: what the jobs do there is
        dated at that instant however long they take, as if they ran at once."""
        self._pinned = max(when.timestamp(), self.timestamp())

    def release(self) -> None:
        """Time runs again: from where it stood after a jump, as before after a tick at now."""
        if self._pinned is not None:
            self.offset = max(self.offset, self._pinned - self._real())
            self._pinned = None


def digest_hours(zones: Iterable[str], since: datetime, until: datetime) -> list[datetime]:
    """Each zone's 09:00 in (since, until], as UTC instants, in order."""
    found: set[datetime] = set()
    for name in set(zones):
        try:
            zone = ZoneInfo(name)
        except (KeyError, ValueError):
            continue
        day: date = since.astimezone(zone).date()
        while True:
            local = datetime(day.year, day.month, day.day, DIGEST_HOUR_LOCAL, tzinfo=zone)
            instant = local.astimezone(UTC)
            if instant > until:
                break
            if instant > since:
                found.add(instant)
            day += timedelta(days=1)
    return sorted(found)


def run_due_jobs(
    deps: Deps,
    since: datetime,
    until: datetime,
    *,
    zones: Iterable[str] = (),
    reach: Callable[[datetime], None] = lambda _when: None,
) -> list[str]:
    """Runs the clock's jobs from `since` to `until`, stopping where any of them would act.

    `reach` moves the clock the jobs read to each stop. Returns the names of the jobs that ran,
    one entry per run, in order.
    """
    jobs = build_scheduler(deps, start=until).get_jobs()
    stops = set(digest_hours(zones, since, until)) | {until}
    for job in jobs:
        stops.update(_sparse_fire_times(job.trigger, since, until))
    ran: list[str] = []
    last = since
    for stop in sorted(stops):
        reach(stop)
        for job in jobs:
            if _due(job.trigger, last, stop):
                job.func(*job.args)
                ran.append(str(job.name))
        last = stop
    return ran


def _due(trigger: Any, last: datetime, stop: datetime) -> bool:
    """Whether the job fires in (last, stop]. An interval job (the outbox dispatcher) counts
    from when its trigger was made, on the real clock: it runs at every stop."""
    if hasattr(trigger, "interval"):
        return True
    fire = trigger.get_next_fire_time(None, last + timedelta(microseconds=1))
    return fire is not None and bool(fire <= stop)


def _sparse_fire_times(trigger: Any, since: datetime, until: datetime) -> list[datetime]:
    """The fire times in (since, until] of a job that fires less often than FREQUENT; none for
    a frequent one (it runs at every stop anyway)."""
    first = _after(trigger, None, since)
    if first is None:
        return []
    second = _after(trigger, first, first)
    if second is not None and second - first < FREQUENT:
        return []
    times: list[datetime] = []
    fire: datetime | None = first
    while fire is not None and fire <= until:
        times.append(fire)
        fire = _after(trigger, fire, fire)
    return times


def _after(trigger: Any, previous: datetime | None, instant: datetime) -> datetime | None:
    fire: datetime | None = trigger.get_next_fire_time(
        previous, instant + timedelta(microseconds=1)
    )
    return fire


def next_digest(deps: Deps, after: datetime, zones: Iterable[str]) -> datetime | None:
    """The first 09:00, in any of `zones`, after `after` at which the reminder job has a digest
    or an escalation to send, as its own dry run decides; None within LOOK_AHEAD_DAYS."""
    for instant in digest_hours(zones, after, after + timedelta(days=LOOK_AHEAD_DAYS)):
        if remind(dataclasses.replace(deps, clock=_fixed(instant)), dry_run=True):
            return instant
    return None


def _fixed(instant: datetime) -> Callable[[], datetime]:
    return lambda: instant
