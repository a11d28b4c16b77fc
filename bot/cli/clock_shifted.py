"""The clock process on a rehearsal's calendar (CLOCK_OFFSET_FILE): the same jobs and triggers as
the real clock, but fired by the shifted time, which jumps when the rehearsal moves it. Each
poll runs, once, every job whose trigger fired since the last poll (as APScheduler coalesces a
missed run), then logs how far it has caught up, which the rehearsal waits for."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from typing import Any

from bot.deps import Deps

log = logging.getLogger(__name__)
POLL_SECONDS = 0.1  # real time between looks at the calendar (the rehearsal waits on it)
CAUGHT_UP = "clock caught up to"


def run_shifted_clock(deps: Deps, jobs: list[Any]) -> None:
    """Run `jobs` (APScheduler jobs, not started) against deps.now() until SIGTERM."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    since = deps.now()
    for job in jobs:  # as the real clock does at start-up: the jobs that run at once
        first = getattr(job, "next_run_time", None)  # set on the jobs that run at start-up
        if first is not None and first <= since:
            _run(job)
    log.info("%s %s", CAUGHT_UP, since.isoformat())
    while not stop.wait(POLL_SECONDS):
        now = deps.now()
        for job in jobs:
            fire = job.trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
            if fire is not None and fire <= now:
                _run(job)
        since = now
        log.info("%s %s", CAUGHT_UP, now.isoformat())


def _run(job: Any) -> None:
    try:
        job.func(*job.args)
    except Exception:  # as APScheduler does: log it, the next run tries again
        log.exception("job %s failed", job.id)
