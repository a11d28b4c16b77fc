"""`report state XX`: one jurisdiction's assessment as a Markdown or HTML report."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from bot.catalog import load_catalog
from bot.cli.base import Subparsers, say
from bot.cli.files import replacing, write_stdout
from bot.cli.store import sessions
from bot.compose import render_report
from bot.deps import utc_now
from bot.handlers import ids
from bot.settings import Settings
from bot.workflows.reporting.report import FORMATS, state_report
from messages import Renderer
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    report = sub.add_parser(
        "report", help="write per-state reports", description="Write reports for the Committee."
    )
    kinds = report.add_subparsers(dest="report_command", required=True, metavar="WHAT")
    state = kinds.add_parser(
        "state",
        help="one jurisdiction's answers, counts and submission state",
        description="One jurisdiction's assessment in a cycle: its submission state, answers "
        "counted per status overall and per topic area, and every recommendation with its "
        "status, notes, resources needed and who answered when (times in UTC).",
    )
    state.add_argument("jurisdiction", metavar="XX", help="USPS code or name, e.g. TX or Texas")
    state.add_argument("--format", choices=FORMATS, default="md", help="default: md")
    state.add_argument(
        "--cycle", metavar="NAME", help="default: the open cycle, else the latest one"
    )
    state.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    state.set_defaults(func=run)


def run(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        found = state_report(
            uow.session, catalog, jurisdiction=args.jurisdiction, cycle=args.cycle, now=utc_now()
        )
    render = Renderer(ids=ids.as_dict(), draft=catalog.is_draft)
    text = render_report(render, found, args.format)
    if args.output is None:
        write_stdout(text)
        return 0
    with replacing(args.output) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    done = f"{found.answered} of {found.total} answered"
    say(f"Wrote the {found.code} report ({done}) to {args.output}")
    return 0
