"""`run reminders|status-post|dispatch`: run one clock job once, at a chosen instant, and print
what it did."""

from __future__ import annotations

import argparse
import logging
from argparse import Namespace
from collections.abc import Callable
from datetime import UTC, datetime

from bot.cli.base import Subparsers, require_settings, say, setup_logging, warn
from bot.cli.slack import web_client
from bot.cli.status_post import post_status
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.dispatcher import dispatch
from bot.jobs import make_deps, remind, retention
from bot.logs import bind, job_id
from bot.settings import Settings


def register(sub: Subparsers) -> None:
    run = sub.add_parser(
        "run",
        help="run one scheduled job once (reminders, status-post, retention, dispatch)",
        description="Run one of the clock's jobs once and print one line per message.",
    )
    jobs = run.add_subparsers(dest="job", required=True, metavar="JOB")
    _job(
        jobs,
        "reminders",
        run_reminders,
        "decide who is due a reminder now, queue and send it",
        "Decide which digests and escalations are due at --now, queue them in the outbox and "
        "send them. Safe to repeat: nothing goes out twice.",
    )
    _job(
        jobs,
        "status-post",
        run_status_post,
        "post the Committee's progress summary now",
        "Queue the progress summary of every jurisdiction for COMMITTEE_CHANNEL and send it. "
        "At most one a day (America/New_York): a second run that day sends nothing.",
    )
    _job(
        jobs,
        "retention",
        run_retention,
        "purge closed cycles older than RETENTION_DAYS now",
        "Clear the notes and delete the change history of every cycle that closed more than "
        "RETENTION_DAYS days before --now (nothing when RETENTION_DAYS is unset).",
        dry_run=False,
    )
    _job(
        jobs,
        "dispatch",
        run_dispatch,
        "send the outbox messages that are due",
        "Send due outbox messages, honouring Slack's rate limits; retries and permanent "
        "failures are recorded, and failures reported to COMMITTEE_CHANNEL.",
        dry_run=False,
    )


def _job(
    jobs: Subparsers,
    name: str,
    func: Callable[[Namespace, Settings], int],
    summary: str,
    description: str,
    *,
    dry_run: bool = True,
) -> None:
    """One `run JOB` subcommand: every job takes --now; those that decide take --dry-run."""
    parser = jobs.add_parser(name, help=summary, description=description)
    parser.add_argument("--now", type=instant, metavar="ISO", help="e.g. 2027-03-24T14:00:00Z")
    if dry_run:
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be sent; change nothing"
        )
    parser.set_defaults(func=_logged(name, func))


def _logged(
    name: str, func: Callable[[Namespace, Settings], int]
) -> Callable[[Namespace, Settings], int]:
    """Run a job with its own job id in the log fields; only what goes wrong is logged."""

    def run(args: Namespace, settings: Settings) -> int:
        setup_logging(settings.log_format, logging.WARNING)
        with bind(job=job_id(name)):
            return func(args, settings)

    return run


def instant(text: str) -> datetime:
    """argparse type: an ISO 8601 instant with a zone, e.g. 2027-03-24T14:00:00Z."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO instant; use e.g. 2027-03-24T14:00:00Z"
        ) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no zone; add Z or an offset like -05:00")
    return value.astimezone(UTC)


def run_reminders(args: Namespace, settings: Settings) -> int:
    if not args.dry_run:
        require_settings(["SLACK_BOT_TOKEN"], settings)
    with sessions(settings) as factory:
        deps = make_deps(
            settings, client=web_client(settings), sessions=factory, clock=_clock(args.now)
        )
        outcomes = remind(deps, dry_run=args.dry_run)
    for outcome in outcomes:
        say(outcome.line())
    if not outcomes:
        say("Nothing is due." if args.dry_run else "Nothing was due; nothing sent.")
    return _unsent(sum(1 for o in outcomes if o.status in ("retrying", "queued")))


def run_status_post(args: Namespace, settings: Settings) -> int:
    if not args.dry_run:
        require_settings(["SLACK_BOT_TOKEN"], settings)
    with sessions(settings) as factory:
        deps = make_deps(
            settings, client=web_client(settings), sessions=factory, clock=_clock(args.now)
        )
        said = post_status(deps, dry_run=args.dry_run)
    say(said)
    return _unsent(1 if said.startswith("retrying") else 0)


def run_retention(args: Namespace, settings: Settings) -> int:
    if settings.retention_days is None:
        say("RETENTION_DAYS is not set; nothing is purged.")
        return 0
    with sessions(settings) as factory:
        deps = make_deps(settings, sessions=factory, clock=_clock(args.now))
        purged = retention(deps)
    for done in purged:
        say(f"purged     {done.cycle}: {done.history} history rows, notes of {done.notes} answers")
    if not purged:
        say(f"No closed cycle is older than {settings.retention_days} days; nothing purged.")
    return 0


def run_dispatch(args: Namespace, settings: Settings) -> int:
    require_settings(["SLACK_BOT_TOKEN"], settings)
    with sessions(settings) as factory:
        deps = make_deps(
            settings, client=web_client(settings), sessions=factory, clock=_clock(args.now)
        )
        report = dispatch(deps, follow=args.now is None)
    for status, keys in (
        ("sent", report.sent),
        ("retrying", report.retry),
        ("failed", report.failed),
    ):
        for key in keys:
            say(f"{status:<10} {key}")
    if not report.attempted:
        say("Nothing was due.")
    return _unsent(len(report.retry))


def _unsent(count: int) -> int:
    """Exit 1 when Slack could not take what was due: the rows stay queued for the dispatcher."""
    if not count:
        return 0
    warn(
        f"{count} message(s) could not be sent now (Slack unreachable or busy); they stay "
        "queued and the clock's dispatcher retries them."
    )
    return 1


def _clock(fixed: datetime | None) -> Callable[[], datetime]:
    if fixed is None:
        return utc_now
    return lambda: fixed
