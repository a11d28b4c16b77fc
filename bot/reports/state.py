"""One jurisdiction's report as Markdown, HTML (with its summary chart) or PDF."""

from __future__ import annotations

from bot.reports.pdf import beside, html_to_pdf, warm_up
from bot.workflows.reporting.report import FORMATS, StateReport, markdown_text
from bot.workflows.reporting.scoring import percent
from messages import Renderer
from messages.charts import Chart

FILE_FORMATS = ("html", "md", "pdf")


def render_report(
    render: Renderer, report: StateReport, fmt: str, chart: Chart | None = None
) -> str:
    """The report as 'md' or 'html' text, ending with one newline. HTML carries the summary
    chart: `chart` when already drawn, else drawn here."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    drawn = fmt == "html" and report.started
    charts = {"summary": chart or summary_chart(report)} if drawn else {}
    text = render.text(
        f"reports/state.{fmt}.j2", report=report, md=markdown_text, charts=charts, pct=percent
    )
    return text + "\n"


def report_bytes(render: Renderer, report: StateReport, fmt: str) -> bytes:
    """The report as a file: UTF-8 Markdown or HTML, or a PDF made from the HTML."""
    if fmt != "pdf":
        return render_report(render, report, fmt).encode("utf-8")
    if not report.started:
        return html_to_pdf(render_report(render, report, "html"))
    # matplotlib's import and drawing take about as long as WeasyPrint's import and first page:
    # done side by side on two cores, the PDF is ready that much sooner.
    chart = beside(summary_chart, report, warm_up)
    return html_to_pdf(render_report(render, report, "html", chart))


def summary_chart(report: StateReport) -> Chart:
    """The state's answers per topic area, as shares of the topic's recommendations."""
    from messages.charts import Stack, stacks_chart  # matplotlib loads only when drawing

    stacks = [
        Stack(t.name, tuple((label, n / t.total if t.total else 0.0) for label, n in t.counts))
        for t in report.topics
    ]
    return stacks_chart(stacks, f"{report.jurisdiction}: answers by topic area")
