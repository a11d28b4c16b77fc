"""`report state XX`, `report national` and `report all`: the Committee's reports as Markdown,
HTML or PDF (PDF is made from the HTML with WeasyPrint)."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from bot.catalog import load_catalog
from bot.cli.base import Subparsers, operator, say
from bot.cli.files import replacing, write_stdout_bytes
from bot.cli.names import learn_names
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.handlers import ids
from bot.reports.national import render_national
from bot.reports.report_set import report_set
from bot.reports.site import build_site
from bot.reports.state import FILE_FORMATS, report_bytes
from bot.settings import Settings
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from messages import Renderer
from store.uow import UnitOfWork


def register(sub: Subparsers) -> None:
    report = sub.add_parser(
        "report", help="write the Committee's reports", description="Write reports."
    )
    kinds = report.add_subparsers(dest="report_command", required=True, metavar="WHAT")
    state = kinds.add_parser(
        "state",
        help="one jurisdiction's report",
        description="One jurisdiction's assessment in a cycle. First its report card: the "
        "score overall and per topic area beside the national median and quartiles, the change "
        "since the previous cycle, strengths, next steps, resources needed and featured "
        "practices; then progress since the previous cycle, the method, and as an appendix "
        "every recommendation with its status, who answered when (UTC) and the notes.",
    )
    state.add_argument("jurisdiction", metavar="XX", help="USPS code or name, e.g. TX or Texas")
    _common(state, default="md", output="FILE")
    state.set_defaults(func=run_state)
    national = kinds.add_parser(
        "national",
        help="adoption across jurisdictions",
        description="Scores per topic area and jurisdiction, change since the previous cycle, "
        "adoption tables and charts, the most and least adopted recommendations, a "
        "topic-by-jurisdiction matrix, promising practices, innovative work and resources "
        "needed across states, and the method.",
    )
    _common(national, default="html", output="FILE")
    _scope(national)
    national.set_defaults(func=run_national)
    every = kinds.add_parser(
        "all",
        help="the publication: every report, the national one and an index, into a folder",
        description="Write the Committee's publication into DIR as a static site that works "
        "from disk or any web server: index.html (the national map and a sortable table of "
        "jurisdictions), national.html, one page per jurisdiction (XX.html), the adoption "
        "tables as CSV and XLSX, and with --format pdf a PDF beside every page (rendered in "
        "parallel, one process per core). --format md writes the Markdown reports instead.",
    )
    _common(every, default="html", output="DIR", required=True)
    _scope(every)
    every.set_defaults(func=run_all)


def _common(parser: ArgumentParser, *, default: str, output: str, required: bool = False) -> None:
    parser.add_argument(
        "--format", choices=FILE_FORMATS, default=default, help=f"default: {default}"
    )
    parser.add_argument(
        "--cycle", metavar="NAME", help="default: the open cycle, else the latest one"
    )
    parser.add_argument(
        "--compare",
        metavar="CYCLE",
        help="the cycle to show progress since (default: the cycle before; none: no comparison)",
    )
    parser.add_argument(
        "--out",
        "--output",
        dest="output",
        type=Path,
        metavar=output,
        required=required,
        help=None if required else "default: standard output",
    )


def _scope(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        dest="scope",
        action="store_const",
        const="all",
        default="submitted",
        help="count every answer given, not only submitted assessments",
    )


def run_state(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        learn_names(settings, factory)
        found = state_report(
            uow.session,
            catalog,
            jurisdiction=args.jurisdiction,
            cycle=args.cycle,
            now=utc_now(),
            compare_with=args.compare,
        )
    data = report_bytes(Renderer(ids=ids.as_dict(), draft=catalog.is_draft), found, args.format)
    done = f"{found.answered} of {found.total} answered"
    code = _emit(args.output, data, f"the {found.code} report ({done})")
    _audited(settings, f"state report {found.code} ({done}), {_of(args)}")
    return code


def run_national(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        learn_names(settings, factory)
        found = national_report(
            uow.session,
            catalog,
            cycle=args.cycle,
            scope=args.scope,
            now=utc_now(),
            compare_with=args.compare,
        )
    data = render_national(Renderer(ids=ids.as_dict(), draft=catalog.is_draft), found, args.format)
    counted = f"{len(found.adoption.codes)} jurisdictions, {found.adoption.scope_label}"
    code = _emit(args.output, data, f"the national report ({counted})")
    _audited(settings, f"national report ({counted}), {_of(args)}")
    return code


def run_all(args: Namespace, settings: Settings) -> int:
    catalog = load_catalog(settings.catalog_path)
    folder: Path = args.output
    folder.mkdir(parents=True, exist_ok=True)
    render = Renderer(ids=ids.as_dict(), draft=catalog.is_draft)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        learn_names(settings, factory)
        if args.format == "md":
            files = report_set(
                uow.session,
                catalog,
                render,
                fmt="md",
                cycle=args.cycle,
                scope=args.scope,
                now=utc_now(),
                compare_with=args.compare,
            )
        else:
            files = build_site(
                uow.session,
                catalog,
                render,
                cycle=args.cycle,
                scope=args.scope,
                now=utc_now(),
                compare_with=args.compare,
                pdf=args.format == "pdf",
            )
    for name, data in files:
        with replacing(folder / name) as tmp:
            tmp.write_bytes(data)
    _audited(settings, f"all reports, {len(files)} files, {_of(args)}")
    say(f"Wrote {len(files)} files to {folder} (start with {folder / files[0][0]})")
    return 0


def _of(args: Namespace) -> str:
    to = str(args.output) if args.output is not None else "standard output"
    return f"{args.cycle or 'current cycle'}, {args.format} -> {to}"


def _audited(settings: Settings, scope: str) -> None:
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        audit.record(
            uow.session, actor=operator(), action=Audited.REPORT, scope=scope, now=utc_now()
        )
        uow.commit()


def _emit(output: Path | None, data: bytes, what: str) -> int:
    if output is None:
        write_stdout_bytes(data)
        return 0
    with replacing(output) as tmp:
        tmp.write_bytes(data)
    say(f"Wrote {what} to {output}")
    return 0
