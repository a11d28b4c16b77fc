"""The national report as Markdown, HTML (charts inlined) or PDF."""

from __future__ import annotations

from collections.abc import Mapping

from bot.reports.pdf import html_to_pdf
from bot.workflows.reporting.markdown import markdown_text
from bot.workflows.reporting.national import NationalReport
from bot.workflows.reporting.scoring import percent
from bot.workflows.reporting.tally import Tally
from messages import Renderer
from messages.charts import Chart, Stack

FORMATS = ("html", "md", "pdf")


def topic_stacks(topics: tuple[tuple[str, Tally], ...]) -> list[Stack]:
    return [Stack(name, tuple((s.label, s.share) for s in t.shares)) for name, t in topics]


def national_charts(report: NationalReport) -> dict[str, Chart | None]:
    from messages.charts import progress_chart, stacks_chart  # matplotlib loads late
    from messages.tile_map import tile_map
    from messages.trend_chart import trend_chart

    found = report.adoption
    trend = report.trend
    return {
        "trend": trend_chart(trend, "National median score by cycle") if trend else None,
        "topics": stacks_chart(
            topic_stacks(tuple((t.name, t.tally) for t in found.topics)),
            f"Answers by topic area ({found.scope_label})",
        ),
        "map": tile_map(
            {x.code: x.card.overall.value for x in report.ranked},
            f"Overall score by jurisdiction ({found.scope_label})",
        ),
        "progress": progress_chart(
            [(p.code, p.share) for p in report.progress], "Recommendations answered"
        ),
    }


def render_national(render: Renderer, report: NationalReport, fmt: str) -> bytes:
    """The report as UTF-8 Markdown or HTML, or as PDF."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if fmt == "md":
        text = render.text(
            "reports/national.md.j2",
            r=report,
            adoption=report.adoption,
            md=markdown_text,
            pct=percent,
        )
        return (text + "\n").encode("utf-8")
    html = render_national_html(render, report, national_charts(report))
    return html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")


def render_national_html(
    render: Renderer, report: NationalReport, charts: Mapping[str, Chart | None]
) -> str:
    """The report as one HTML page with its charts already drawn."""
    text = render.text(
        "reports/national.html.j2", r=report, adoption=report.adoption, charts=charts, pct=percent
    )
    return text + "\n"
