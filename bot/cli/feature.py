"""`feature XX REC-ID [--remove]`: mark (or unmark) a state's note on a recommendation as a
practice the Committee features in its reports; audited like the button in Slack."""

from __future__ import annotations

from argparse import Namespace

from bot.catalog import load_catalog
from bot.cli.base import Subparsers, operator, say
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.reporting.featured import feature
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "feature",
        help="feature a state's practice in the reports",
        description="Mark what a jurisdiction wrote about its practice on one recommendation "
        "(in the open cycle, else the latest) as a practice the Committee features: the "
        "national report lists it under Promising practices and the state's report card "
        "under its featured practices. Recorded in the audit log.",
    )
    parser.add_argument("jurisdiction", metavar="XX", help="USPS code or name, e.g. TX")
    parser.add_argument("recommendation", metavar="REC-ID", help="e.g. HOU-3")
    parser.add_argument("--remove", action="store_true", help="stop featuring it")
    parser.set_defaults(func=run_feature)


def run_feature(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        done = feature(
            uow.session,
            catalog,
            actor=operator(),
            jurisdiction=args.jurisdiction,
            rec_id=args.recommendation,
            remove=args.remove,
            now=utc_now(),
            check=False,  # whoever runs the CLI administers the bot
        )
        uow.commit()
    what = f"{done.code} {done.rec_id} ({done.cycle_name})"
    if not done.changed:
        say(f"{what} was already {'featured' if done.featured else 'not featured'}.")
    else:
        say(f"{what} is {'now featured' if done.featured else 'no longer featured'}.")
    return 0
