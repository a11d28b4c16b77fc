"""`adoption`: how each recommendation is adopted across jurisdictions, as a file or on screen."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from bot.catalog import load_catalog
from bot.cli.base import CliError, Subparsers, operator, say
from bot.cli.files import replacing, write_stdout_bytes
from bot.cli.names import learn_names
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.handlers import ids
from bot.reports.adoption import FORMATS, adoption_file
from bot.settings import Settings
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.reporting.adoption_view import adoption_of
from messages import Renderer
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "adoption",
        help="adoption of each recommendation across jurisdictions",
        description="Per recommendation and per topic area, how many jurisdictions chose each "
        "answer (and how many gave none); the 10 most and least adopted recommendations; a "
        "topic-by-jurisdiction matrix; innovative work (notes on Tier II answers) and resources "
        "needed. Counts submitted assessments unless --all; the output always says which.",
    )
    parser.add_argument("--format", choices=FORMATS, default="md", help="default: md")
    parser.add_argument(
        "--all",
        dest="scope",
        action="store_const",
        const="all",
        default="submitted",
        help="count every answer given, submitted or not",
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="default: the open cycle, else the latest one"
    )
    parser.add_argument(
        "--out", "--output", dest="output", type=Path, metavar="FILE", help="default: stdout"
    )
    parser.set_defaults(func=run)


def run(args: Namespace, settings: Settings) -> int:
    if args.format == "xlsx" and args.output is None:
        raise CliError("--format xlsx writes a workbook; give it a file with --out FILE.xlsx")
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        learn_names(settings, factory)  # names, never ids, in every output
        found = adoption_of(uow.session, catalog, cycle=args.cycle, scope=args.scope, now=utc_now())
        to = str(args.output) if args.output is not None else "standard output"
        scope = (
            f"adoption ({len(found.codes)} jurisdictions, {found.scope_label}), "
            f"cycle {found.cycle_name!r}, {args.format} -> {to}"
        )
        audit.record(
            uow.session, actor=operator(), action=Audited.REPORT, scope=scope, now=utc_now()
        )
        uow.commit()
    data = adoption_file(Renderer(ids=ids.as_dict(), draft=catalog.is_draft), found, args.format)
    if args.output is None:
        write_stdout_bytes(data)
        return 0
    with replacing(args.output) as tmp:
        tmp.write_bytes(data)
    say(
        f"Wrote adoption over {found.scope_label} ({len(found.codes)} jurisdictions) "
        f"to {args.output}"
    )
    return 0
