"""`cycle create|list|close|deadline`: the assessment rounds. One is open at a time."""

from __future__ import annotations

from argparse import Namespace
from datetime import date

from bot.cli.base import CliError, Parser, Subparsers, iso_date, operator, say, warn
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows import cycles
from bot.workflows.privacy.retention import purge_cycle
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    cycle = sub.add_parser(
        "cycle", help="open, list and close assessment cycles", description="Assessment cycles."
    )
    commands = cycle.add_subparsers(dest="cycle_command", required=True, metavar="COMMAND")
    create = commands.add_parser(
        "create",
        help="open a new cycle",
        description="Open a new assessment cycle. Only one cycle is open at a time.",
    )
    create.add_argument("name", metavar="NAME", help='e.g. "2027 State Self-Assessment"')
    create.add_argument("--deadline", type=iso_date, required=True, metavar="YYYY-MM-DD")
    _allow_past(create)
    create.set_defaults(func=run_create)
    listing = commands.add_parser("list", help="list every cycle", description="List cycles.")
    listing.set_defaults(func=run_list)
    close = commands.add_parser(
        "close",
        help="close the open cycle",
        description="Close the open cycle. Its answers stay stored and exportable.",
    )
    close.set_defaults(func=run_close)
    deadline = commands.add_parser(
        "deadline", help="move the open cycle's deadline", description="Set a new deadline."
    )
    deadline.add_argument("deadline", type=iso_date, metavar="YYYY-MM-DD")
    _allow_past(deadline)
    deadline.set_defaults(func=run_deadline)
    purge = commands.add_parser(
        "purge",
        help="delete a closed cycle's notes and change history now",
        description="Clear the notes, resources needed and review comments of a closed cycle "
        "and delete its change history, keeping each answer's status and who gave it (what "
        "RETENTION_DAYS does by itself after a cycle closes). Refused for the open cycle.",
    )
    purge.add_argument("name", metavar="NAME", help="the cycle's name, as `cycle list` shows it")
    purge.set_defaults(func=run_purge)


def _allow_past(parser: Parser) -> None:
    parser.add_argument(
        "--allow-past",
        action="store_true",
        help="accept a deadline before today (recording a cycle after the fact)",
    )


def _check_past(args: Namespace, today: date) -> None:
    """A past deadline is usually a typo in the year; it takes --allow-past to record one."""
    if args.deadline < today and not args.allow_past:
        raise CliError(
            f"the deadline {args.deadline.isoformat()} is in the past (today is "
            f"{today.isoformat()} UTC); add --allow-past if that is what you mean"
        )


def run_create(args: Namespace, settings: Settings) -> int:
    now = utc_now()
    _check_past(args, now.date())
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        cycle = cycles.create_cycle(uow.session, name=args.name, deadline=args.deadline, now=now)
        uow.commit()
    say(f"Opened cycle “{cycle.name}”, due {cycle.deadline.isoformat()}.")
    _warn_past(args.deadline.isoformat(), now.date().isoformat())
    return 0


def run_list(_args: Namespace, settings: Settings) -> int:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        rows = [(c.name, c.deadline.isoformat(), c.status) for c in cycles.list_cycles(uow.session)]
    if not rows:
        say("No cycles yet. Open one with: python -m bot cycle create NAME --deadline YYYY-MM-DD")
        return 0
    width = max(len(name) for name, _, _ in rows)
    for name, deadline, status in rows:
        say(f"{name:<{width}}  due {deadline}  {status}")
    return 0


def run_close(_args: Namespace, settings: Settings) -> int:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        cycle = cycles.close_cycle(uow.session, now=utc_now())
        uow.commit()
    say(f"Closed cycle “{cycle.name}”.")
    return 0


def run_deadline(args: Namespace, settings: Settings) -> int:
    _check_past(args, utc_now().date())
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        cycle = cycles.set_deadline(uow.session, deadline=args.deadline)
        uow.commit()
    say(f"Cycle “{cycle.name}” is now due {cycle.deadline.isoformat()}.")
    _warn_past(args.deadline.isoformat(), utc_now().date().isoformat())
    return 0


def _warn_past(deadline: str, today: str) -> None:
    # Allowed with --allow-past (a cycle recorded after the fact); said once more to be sure.
    if deadline < today:
        warn(f"warning: the deadline {deadline} is in the past")


def run_purge(args: Namespace, settings: Settings) -> int:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        done = purge_cycle(uow.session, name=args.name, actor=operator(), now=utc_now())
        uow.commit()
    say(
        f"Purged cycle “{done.cycle}”: {done.history} history rows deleted, notes cleared on "
        f"{done.notes} answers."
    )
    return 0
