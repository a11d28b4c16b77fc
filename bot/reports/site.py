"""`report all --out DIR`: the Committee's publication as a static site.

One folder that works opened from disk (file://) and from any web server: `index.html` with the
national map and a sortable table of jurisdictions, the national report, one page per
jurisdiction (a single page for one that has not started), the PDFs beside them (with
`--format pdf`) and the adoption tables as CSV and XLSX. Every link is relative and every asset
is inside its page (styles, charts, the small sorting script), so nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.reports.adoption import adoption_file
from bot.reports.national import national_charts, render_national_html
from bot.reports.pdf import html_to_pdf, in_parallel, warm_up
from bot.reports.state import render_report
from bot.workflows.reporting.every_state import every_state
from bot.workflows.reporting.national import NationalReport, national_report
from bot.workflows.reporting.report import StateReport
from bot.workflows.reporting.scoring import percent
from messages import Renderer
from messages.charts import Chart

DOWNLOADS = (("adoption.csv", "csv"), ("adoption.xlsx", "xlsx"))


@dataclass(frozen=True)
class Row:
    """One jurisdiction in the index."""

    code: str
    name: str
    status: str  # submitted | reopened | in progress | not started
    answered: int
    total: int
    score: float | None  # None: not counted, or nothing could be weighed
    change: str  # signed points since the cycle compared with, or ""
    page: str
    pdf: str | None


def build_site(
    session: Session,
    catalog: Catalog,
    render: Renderer,
    *,
    cycle: str | None,
    scope: str,
    now: datetime,
    compare_with: str | None = None,
    pdf: bool,
) -> list[tuple[str, bytes]]:
    """(file name, bytes) for every file of the site, the index first."""
    national = national_report(
        session, catalog, cycle=cycle, scope=scope, now=now, compare_with=compare_with
    )
    reports: list[StateReport] = []

    def jobs() -> Iterator[NationalReport | StateReport]:
        """The national page first (the longest), then each state's report as it is read: the
        workers render while this process reads the next one from the database."""
        yield national
        states = every_state(
            session, catalog, national, cycle=cycle, now=now, compare_with=compare_with
        )
        for report in states:
            reports.append(report)
            yield report

    # Every page's HTML (with its charts) and PDF is made in parallel worker processes.
    _JOB.update(render=render, pdf=pdf)
    if pdf:
        warm_up()
    pages = in_parallel(_make, jobs())
    charts = pages[0].charts
    files = [(page.name, page.html.encode("utf-8")) for page in pages]
    files += [(p.name.replace(".html", ".pdf"), p.pdf) for p in pages if p.pdf is not None]
    files += [(name, adoption_file(render, national.adoption, fmt)) for name, fmt in DOWNLOADS]
    written = {name for name, _ in files}
    rows = [_row(r, national, written) for r in reports]
    index = render.text(
        "reports/site_index.html.j2",
        r=national,
        a=national.adoption,
        charts=charts,
        pct=percent,
        rows=rows,
        written=written,
        downloads=[name for name, _ in DOWNLOADS],
    )
    return [("index.html", (index + "\n").encode("utf-8")), *files]


# What the forked workers need and cannot be sent to them (a Jinja environment does not pickle);
# set by build_site just before the workers start.
_JOB: dict[str, Any] = {}


@dataclass(frozen=True)
class Page:
    """One page of the site as a worker made it; the national page brings its charts back for
    the index."""

    name: str
    html: str
    pdf: bytes | None
    charts: Mapping[str, Chart | None]


def _make(item: NationalReport | StateReport) -> Page:
    render: Renderer = _JOB["render"]
    charts: Mapping[str, Chart | None] = {}
    if isinstance(item, NationalReport):
        charts = national_charts(item)
        name, html = "national.html", render_national_html(render, item, charts)
    else:
        name, html = f"{item.code}.html", _state_page(render, item)
    return Page(name, html, html_to_pdf(html) if _JOB["pdf"] else None, charts)


def _state_page(render: Renderer, report: StateReport) -> str:
    if report.answered == 0:  # one page that says so, not a report of empty tables
        return render.text("reports/not_started.html.j2", r=report) + "\n"
    return render_report(render, report, "html")


def status_of(report: StateReport) -> str:
    if report.submission.state in ("submitted", "reopened"):
        return report.submission.state
    return "in progress" if report.answered else "not started"


def _row(report: StateReport, national: NationalReport, written: set[str]) -> Row:
    ranked = next((x for x in national.ranked if x.code == report.code), None)
    shifts = national.change.places if national.change else ()
    shift = next((p.score for p in shifts if p.code == report.code), None)
    change = shift.change if shift and shift.then is not None and shift.now is not None else ""
    pdf = f"{report.code}.pdf"
    return Row(
        report.code,
        report.jurisdiction,
        status_of(report),
        report.answered,
        report.total,
        ranked.card.overall.value if ranked else None,
        change,
        f"{report.code}.html",
        pdf if pdf in written else None,
    )
