"""`people forget USER`: replace a person's id and email address everywhere by a pseudonym."""

from __future__ import annotations

from argparse import Namespace

from bot.cli.base import Subparsers, operator, say
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.privacy.forget import forget_person
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    people = sub.add_parser(
        "people", help="a person's stored data", description="A person's stored data."
    )
    commands = people.add_subparsers(dest="people_command", required=True, metavar="COMMAND")
    forget = commands.add_parser(
        "forget",
        help="replace a person's Slack id and email everywhere by a pseudonym",
        description="Forget a person: their Slack user id and email address are replaced by "
        "one random pseudonym in every table (answers, history, notes, reviews, participants, "
        "messages, the audit log). Their jurisdiction keeps its answers; their roles end and "
        "messages still waiting for them are cancelled. It cannot be undone; it is recorded "
        "in the audit log under the pseudonym.",
    )
    forget.add_argument("who", metavar="USER", help="Slack user id (U…) or email address")
    forget.set_defaults(func=run_forget)


def run_forget(args: Namespace, settings: Settings) -> int:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        done = forget_person(uow.session, who=args.who, actor=operator(), now=utc_now())
        uow.commit()
    say(
        f"Forgot {args.who}: now {done.pseudonym} in {done.values} places; "
        f"{done.cancelled} waiting messages cancelled."
    )
    return 0
