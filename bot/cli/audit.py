"""`audit list`: who exported, reported, backed up, restored, forgot or purged what, and when."""

from __future__ import annotations

from argparse import Namespace

from bot.cli.base import Subparsers, say
from bot.cli.store import sessions
from bot.settings import Settings
from bot.workflows.privacy.audit import recent
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    audit = sub.add_parser(
        "audit",
        help="the log of exports, reports, backups and deletions",
        description="The audit log: every export, report, backup, restore, forget and purge, "
        "from the CLI or from Slack, with who did it, when (UTC) and what it covered.",
    )
    commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    listing = commands.add_parser(
        "list", help="the newest entries first", description="List audit entries, newest first."
    )
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="default: 50")
    listing.set_defaults(func=run_list)


def run_list(args: Namespace, settings: Settings) -> int:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        entries = recent(uow.session, limit=max(args.limit, 1))
    if not entries:
        say("Nothing recorded yet.")
    for entry in entries:
        say(entry.line())
    return 0
