"""The adoption view as a file: Markdown, CSV, JSON or XLSX."""

from __future__ import annotations

from bot.workflows.reporting.adoption import Adoption
from bot.workflows.reporting.adoption_format import adoption_json, adoption_tables
from bot.workflows.reporting.markdown import markdown_text
from bot.workflows.reporting.scoring import percent
from bot.workflows.reporting.tables import to_csv
from messages import Renderer

FORMATS = ("md", "csv", "json", "xlsx")


def adoption_file(render: Renderer, found: Adoption, fmt: str) -> bytes:
    if fmt == "md":
        text = render.text("reports/national.md.j2", adoption=found, md=markdown_text, pct=percent)
        return (text + "\n").encode("utf-8")
    if fmt == "json":
        return adoption_json(found).encode("utf-8")
    if fmt == "csv":
        return to_csv(adoption_tables(found)).encode("utf-8")
    if fmt == "xlsx":
        from bot.reports.workbook import about, workbook

        return workbook([about(found), *adoption_tables(found)[1:]])
    raise ValueError(f"unknown adoption format {fmt!r}")
