"""`export answers`: the open cycle's answers (or their history) as CSV or JSON."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from sqlalchemy.orm import Session

from bot.catalog import Catalog, load_catalog
from bot.cli.base import Subparsers, operator, say
from bot.cli.files import replacing, write_stdout
from bot.cli.names import learn_names
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.reporting.export import (
    AnswerRow,
    HistoryRow,
    answer_rows,
    export_cycle,
    history_rows,
    people_in_export,
)
from bot.workflows.reporting.export_format import FORMATS, render
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    export = sub.add_parser(
        "export", help="export assessment answers", description="Export assessment data."
    )
    kinds = export.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    answers = kinds.add_parser(
        "answers",
        help="one row per jurisdiction and recommendation, or every change with --history",
        description="One row per jurisdiction and recommendation of the open cycle (unanswered "
        "rows have an empty status); times are ISO 8601 UTC. With --history, one row per "
        "change with the values before and after. People are named (their Slack display name, "
        "else the id with the agency). CSV cells that start with = + - @ get a "
        "leading ' so spreadsheets show them as text instead of running them as formulas.",
    )
    answers.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    answers.add_argument("--jurisdiction", metavar="XX", help="one jurisdiction (USPS code)")
    answers.add_argument(
        "--cycle", metavar="NAME", help="default: the open cycle, else the latest one"
    )
    answers.add_argument("--history", action="store_true", help="every change instead")
    answers.add_argument("--output", type=Path, metavar="FILE", help="default: standard output")
    answers.set_defaults(func=run)


def run(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        learn_names(settings, factory, lambda s: _people(s, args))  # names, never ids
        text, count = _render(uow.session, catalog, args)
        if args.output is None:
            write_stdout(text)
        else:
            with replacing(args.output) as tmp:
                tmp.write_bytes(text.encode("utf-8"))
        audit.record(
            uow.session,
            actor=operator(),
            action=Audited.EXPORT,
            scope=_scope(args, count),
            now=utc_now(),
        )
        uow.commit()
    if args.output is not None:
        say(f"Wrote {count} rows to {args.output}")
    return 0


def _scope(args: Namespace, count: int) -> str:
    what = "answer history" if args.history else "answers"
    where = args.jurisdiction or "all jurisdictions"
    cycle = f"cycle {args.cycle!r}" if args.cycle else "current cycle"
    to = str(args.output) if args.output is not None else "standard output"
    return f"{what}, {where}, {cycle}, {args.format}, {count} rows -> {to}"


def _people(session: Session, args: Namespace) -> list[str]:
    code = resolve_jurisdiction(session, args.jurisdiction) if args.jurisdiction else None
    cycle = export_cycle(session, args.cycle)
    return people_in_export(session, cycle, jurisdiction=code, history=args.history)


def _render(session: Session, catalog: Catalog, args: Namespace) -> tuple[str, int]:
    cycle = export_cycle(session, args.cycle)
    code = resolve_jurisdiction(session, args.jurisdiction) if args.jurisdiction else None
    if args.history:
        changes = history_rows(session, catalog, cycle, jurisdiction=code)
        return render(changes, HistoryRow, args.format), len(changes)
    rows = answer_rows(session, catalog, cycle, jurisdiction=code)
    return render(rows, AnswerRow, args.format), len(rows)
