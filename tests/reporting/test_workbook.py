"""`adoption --format xlsx` read back with openpyxl: a workbook people read, not a data dump."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.reports.workbook import heading
from tests.conftest import CliResult
from tests.reporting.world import small_world


def test_the_workbook_reads_like_a_publication(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    small_world(sessions, catalog)
    out = tmp_path / "adoption.xlsx"
    assert run_cli("adoption", "--format", "xlsx", "--all", "--out", out).code == 0
    book = load_workbook(out)
    about = {row[0]: row[1] for row in book["About"].iter_rows(min_row=2, values_only=True)}
    assert "Tier II counts 1" in about["Scoring rule"] and "median" in about["National spread"]
    assert isinstance(about["Generated (UTC)"], datetime)  # a date, not text
    for sheet in book.worksheets:
        first = next(sheet.iter_rows(max_row=1))
        assert all(c.font.b for c in first), sheet.title  # bold headers
        assert all("_" not in str(c.value) for c in first), sheet.title  # not snake_case
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref, sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in first)
    recs = book["Recommendations"]
    header = [c.value for c in next(recs.iter_rows(max_row=1))]
    assert "Tier II share" in header and "Recommendation ID" in header
    share = recs.cell(row=2, column=header.index("Tier II share") + 1)
    assert share.number_format == "0%" and 0 <= share.value <= 1
    matrix = book["Matrix"]
    assert matrix.cell(row=2, column=2).number_format == "0%"


def test_headings_are_words() -> None:
    assert heading("recommendation_id") == "Recommendation ID"
    assert heading("tier_2_share") == "Tier II share"
    assert heading("not_applicable") == "Not applicable"
    assert heading("generated_at") == "Generated (UTC)"
