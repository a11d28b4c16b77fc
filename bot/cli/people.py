"""`people forget USER`: replace a person's id, email address and name everywhere by a pseudonym;
`people readmit USER`: let a forgotten person be added again, deliberately."""

from __future__ import annotations

from argparse import Namespace

from bot.cli.base import CliError, Subparsers, operator, say
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.privacy.forget import forget_person, readmit
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    people = sub.add_parser(
        "people", help="a person's stored data", description="A person's stored data."
    )
    commands = people.add_subparsers(dest="people_command", required=True, metavar="COMMAND")
    forget = commands.add_parser(
        "forget",
        help="replace a person's Slack id and email everywhere by a pseudonym",
        description="Forget a person: their Slack user id, email address, cached name and "
        "direct message channel ids are replaced by one random pseudonym in every table "
        "(answers, history, notes, reviews, participants, messages, the audit log). Their "
        "jurisdiction keeps its answers; their roles end and messages still waiting for them "
        "are cancelled. Later Slack events, contact imports and invitations cannot bring them "
        "back (see `people readmit`). It cannot be undone; it is recorded in the audit log "
        "under the pseudonym.",
    )
    forget.add_argument("who", metavar="USER", help="Slack user id (U…) or email address")
    forget.set_defaults(func=run_forget)
    again = commands.add_parser(
        "readmit",
        help="let a forgotten person be added again (audited)",
        description="Lift the tombstone that keeps a forgotten person out, when they asked "
        "to take part again: afterwards they can be invited or imported like anyone new. "
        "Nothing that was forgotten comes back. Recorded in the audit log.",
    )
    again.add_argument("who", metavar="USER", help="Slack user id (U…) or email address")
    again.set_defaults(func=run_readmit)


def _keyed(settings: Settings) -> None:
    if not settings.forget_secret:
        raise CliError(
            "Set FORGET_KEY (or SLACK_SIGNING_SECRET) as the web and clock processes have it: "
            "forgotten people are remembered by a hash under that key."
        )


def run_forget(args: Namespace, settings: Settings) -> int:
    _keyed(settings)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        done = forget_person(uow.session, who=args.who, actor=operator(), now=utc_now())
        uow.commit()
    say(
        f"Forgot {args.who}: now {done.pseudonym} in {done.values} places; "
        f"{done.cancelled} waiting messages cancelled."
    )
    return 0


def run_readmit(args: Namespace, settings: Settings) -> int:
    _keyed(settings)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        lifted = readmit(uow.session, who=args.who, actor=operator(), now=utc_now())
        uow.commit()
    say(f"{args.who} may be added again." if lifted else f"{args.who} was not forgotten here.")
    return 0
