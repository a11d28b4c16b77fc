"""The clock process: APScheduler in the foreground, running the reminder job, the Committee's
weekly status post and the outbox dispatcher. A second clock by mistake sends nothing twice
(idempotency keys and row claims), so no shared job store is needed."""

from __future__ import annotations

import logging
import signal
from argparse import Namespace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.cli.base import Subparsers, require_settings, setup_logging
from bot.cli.clock_shifted import run_shifted_clock
from bot.cli.slack import check_token, web_client
from bot.cli.status_post import post_status
from bot.cli.store import safe_url, sessions
from bot.deps import Deps
from bot.dispatcher import dispatch
from bot.jobs import make_deps, remind, retention
from bot.logs import bind, job_id
from bot.pacing import Pacer
from bot.settings import Settings
from bot.shifted_clock import clock_for
from bot.workflows.reporting.status_post import COMMITTEE_TZ, post_due

if TYPE_CHECKING:  # APScheduler loads in the clock process only, not in serve's workers
    from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)
DISPATCH_EVERY_SECONDS = 30
# A late run is merged with the next (coalesce) and never overlaps itself (max_instances).
EACH_JOB = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def register(sub: Subparsers) -> None:
    clock = sub.add_parser(
        "clock",
        help="run the scheduler (reminders, status post, retention, outbox) in the foreground",
        description="Run the scheduled jobs until stopped: reminders every "
        "REMINDER_INTERVAL_MINUTES, the Committee's status post on Mondays at 09:00 "
        "America/New_York, the retention purge daily at 03:30 UTC (with RETENTION_DAYS), "
        "the outbox dispatcher every 30 s.",
    )
    clock.set_defaults(func=_run)


def _run(_args: Namespace, settings: Settings) -> int:
    setup_logging(settings.log_format)
    require_settings(["SLACK_BOT_TOKEN"], settings)
    client = web_client(settings)
    check_token(client, settings)
    with sessions(settings) as factory:
        run_clock(make_deps(settings, client=client, sessions=factory, clock=clock_for(settings)))
    return 0


def build_scheduler(deps: Deps, *, start: datetime | None = None) -> BlockingScheduler:
    """The jobs, with explicit ids; each also runs once at start-up to catch up after downtime."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    scheduler = BlockingScheduler(timezone=UTC)
    pacer = Pacer()  # one per process, so both jobs keep Slack's per-channel pace together
    start = start or deps.now()
    minutes = deps.settings.reminder_interval_minutes
    every = f"*/{minutes}" if minutes < 60 else "0"
    scheduler.add_job(
        _remind,
        CronTrigger(minute=every, timezone=UTC),  # on the quarter hour: 09:00 sharp
        args=(deps, pacer),
        id="reminders",
        name="reminder digests and escalations",
        replace_existing=True,
        next_run_time=start,
        **EACH_JOB,
    )
    scheduler.add_job(
        _status_post,
        # Both status-post jobs post this week's summary only if none went out since Monday
        # 00:00 (New York), so a run however late never posts a second one.
        CronTrigger(day_of_week="mon", hour=9, minute=0, timezone=COMMITTEE_TZ),
        args=(deps, pacer),
        id="status-post",
        name="Committee status post",
        replace_existing=True,
        **EACH_JOB,
    )
    scheduler.add_job(
        _status_post,
        # At start-up and every few minutes: the post missed while the clock was down at 09:00,
        # or one that failed then (a database blip must not cost the week's post).
        IntervalTrigger(minutes=minutes, timezone=UTC),
        next_run_time=start,
        args=(deps, pacer),
        id="status-post-catch-up",
        name="Committee status post missed on Monday",
        replace_existing=True,
        **EACH_JOB,
    )
    scheduler.add_job(
        _retention,
        CronTrigger(hour=3, minute=30, timezone=UTC),
        args=(deps,),
        id="retention",
        name="purge closed cycles past RETENTION_DAYS",
        replace_existing=True,
        next_run_time=start,
        **EACH_JOB,
    )
    scheduler.add_job(
        _dispatch,
        IntervalTrigger(seconds=DISPATCH_EVERY_SECONDS, timezone=UTC),
        args=(deps, pacer),
        id="dispatch",
        name="outbox dispatcher",
        replace_existing=True,
        next_run_time=start,
        **EACH_JOB,
    )
    return scheduler


def run_clock(deps: Deps) -> None:
    """Start the scheduler and block until SIGTERM or Ctrl-C."""
    scheduler = build_scheduler(deps)
    if deps.settings.clock_offset_file is not None:  # a rehearsal's calendar, not the wall's
        run_shifted_clock(deps, scheduler.get_jobs())
        return
    # Platforms stop processes with SIGTERM; shutting down lets a running job finish its step.
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    log.info(
        "Clock started with jobs %s; database %s",
        ", ".join(job.id for job in scheduler.get_jobs()),
        safe_url(deps.settings.database_url),
    )
    scheduler.start()


def _remind(deps: Deps, pacer: Pacer) -> None:
    with bind(job=job_id("reminders")):
        outcomes = remind(deps, pacer=pacer)
        for outcome in outcomes:
            log.info("reminder %s", outcome.line())


def _status_post(deps: Deps, pacer: Pacer) -> None:
    with bind(job=job_id("status-post")):
        said = weekly_status_post(deps, pacer)
        if said is not None:
            log.info("status post: %s", said)


def weekly_status_post(deps: Deps, pacer: Pacer | None = None) -> str | None:
    """This week's status post, if it is due (Monday 09:00 in New York has passed) and did not
    go out yet; None when there is nothing to send."""
    with deps.uow() as uow:
        due = post_due(uow.session, channel=deps.settings.committee_channel, now=deps.now())
    return post_status(deps, pacer=pacer) if due else None


def _retention(deps: Deps) -> None:
    with bind(job=job_id("retention")):
        for purged in retention(deps):
            log.info("retention: purged cycle %r (%d history rows)", purged.cycle, purged.history)


def _dispatch(deps: Deps, pacer: Pacer) -> None:
    with bind(job=job_id("dispatch")):
        _dispatch_once(deps, pacer)


def _dispatch_once(deps: Deps, pacer: Pacer) -> None:
    report = dispatch(deps, pacer=pacer)
    if report.attempted:
        log.info(
            "outbox: %d sent, %d retrying, %d failed",
            len(report.sent),
            len(report.retry),
            len(report.failed),
        )
