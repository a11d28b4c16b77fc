"""The adoption view as a workbook people read: an "About" sheet with the method first, then a
sheet per table with bold, readable headers, shares in percent format, fitted column widths, the
header row frozen and filters on, dates as dates.

Text people typed is stored as text even when it starts with `=` (never run as a formula).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.workflows.reporting.adoption import Adoption
from bot.workflows.reporting.scoring import RULE, SPREAD_RULE
from bot.workflows.reporting.tables import SHEET_TITLE_LIMIT, Table, Value

if TYPE_CHECKING:  # openpyxl is loaded by the first workbook written
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

WORDS = {
    "tier_2": "Tier II",
    "tier_1": "Tier I",
    "not_yet": "Not yet addressed",
    "not_applicable": "Not applicable",
    "unsure": "Not sure yet",
    "id": "ID",
    "who": "Who",
    "generated_at": "Generated (UTC)",
    "base": "Jurisdictions counted",
}
PERCENT = "0%"
DATE_TIME = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60  # characters; longer text wraps in the cell instead


def heading(name: str) -> str:
    """`recommendation_id` -> "Recommendation ID", `tier_2_share` -> "Tier II share"."""
    if name in WORDS:
        return WORDS[name]
    for key, words in WORDS.items():
        if name.startswith(key + "_"):
            return f"{words} {heading(name[len(key) + 1 :]).lower()}"
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:].replace(" id", " ID")


def about(found: Adoption) -> Table:
    """The method and the facts a reader needs before any number."""
    return Table(
        "About",
        ("about", "value"),
        (
            ("Cycle", found.cycle_name),
            ("Jurisdictions counted", f"{found.scope_label}: {' '.join(found.codes) or 'none'}"),
            ("Generated (UTC)", found.generated_at),
            (
                "Shares",
                "Each share is the part of the jurisdictions counted that gave the answer; the "
                "matrix gives the part of a topic area's recommendations answered Tier II or "
                "Tier I.",
            ),
            ("Scoring rule", RULE),
            ("National spread", SPREAD_RULE),
        ),
    )


def workbook(tables: Sequence[Table], *, percent: Sequence[str] = ("Matrix",)) -> bytes:
    """One sheet per table; columns named `*_share`, and every number of the sheets named in
    `percent`, are shares shown as percentages."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams rows: several times faster for big sheets
    for table in tables:
        sheet = book.create_sheet(_title(table.title))
        shares = {
            i
            for i, name in enumerate(table.header)
            if name.endswith("_share") or (table.title in percent and i > 0)
        }
        _layout(sheet, table)
        sheet.append([_head(sheet, name) for name in table.header])
        for row in table.rows:
            sheet.append([_cell(sheet, v, i in shares) for i, v in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _layout(sheet: WriteOnlyWorksheet, table: Table) -> None:
    """Widths, frozen header and filters must be set before the first row is written."""
    from openpyxl.utils import get_column_letter

    for i, name in enumerate(table.header):
        longest = max([len(heading(name)) + 2, *(len(_shown(row[i])) for row in table.rows[:500])])
        # Write-only sheets have these at runtime; the type stubs do not list them.
        column = sheet.column_dimensions[get_column_letter(i + 1)]  # type: ignore[attr-defined]
        column.width = min(longest + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(table.header), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"  # type: ignore[attr-defined]


def _shown(value: Value) -> str:
    if isinstance(value, float):
        return "100%"
    if isinstance(value, datetime):
        return "2027-01-01 00:00"
    return "" if value is None else str(value)


def _head(sheet: WriteOnlyWorksheet, name: str) -> Cell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    cell = WriteOnlyCell(sheet, value=heading(name))
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Value, share: bool) -> object:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    if isinstance(value, datetime):
        # Excel has no time zones: the UTC time, said so in the header.
        cell = WriteOnlyCell(sheet, value=value.astimezone(UTC).replace(tzinfo=None))
        cell.number_format = DATE_TIME
        return cell
    if share and isinstance(value, int | float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = PERCENT
        return cell
    if isinstance(value, str) and (value.startswith("=") or len(value) > MAX_WIDTH):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell
    return value


def _title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:SHEET_TITLE_LIMIT]
