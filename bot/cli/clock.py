"""The clock process: APScheduler in the foreground. A placeholder until the reminder jobs land."""

from __future__ import annotations

import logging
import signal
from argparse import Namespace
from datetime import UTC

from apscheduler.schedulers.blocking import BlockingScheduler

from bot.cli.base import Subparsers, setup_logging
from bot.cli.store import safe_url
from bot.settings import Settings

log = logging.getLogger(__name__)


def register(sub: Subparsers) -> None:
    clock = sub.add_parser(
        "clock",
        help="run the scheduler (reminders, status posts, outbox) in the foreground",
        description="Run the scheduled jobs until stopped. Run exactly one clock per deployment.",
    )
    clock.set_defaults(func=_run)


def _run(_args: Namespace, settings: Settings) -> int:
    setup_logging()
    run_clock(settings)
    return 0


def run_clock(settings: Settings) -> None:
    """Start the scheduler and block until SIGTERM or Ctrl-C. No jobs are registered yet."""
    scheduler = BlockingScheduler(timezone=UTC)
    # Platforms stop processes with SIGTERM; shutting down lets a running job finish its step.
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    log.info(
        "Clock started with %d job(s); database %s",
        len(scheduler.get_jobs()),
        safe_url(settings.database_url),
    )
    scheduler.start()
