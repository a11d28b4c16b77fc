"""Tables as CSV and XLSX: one header and rows per table; several tables make one CSV (each
after a title line and a blank line) or one workbook (a sheet each).

Text people typed can start with `=`, `+`, `-` or `@`; a spreadsheet would run it as a formula,
so CSV goes through the one guarded writer (`csv_cells`) and XLSX cells are stored as text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.workflows.reporting.csv_cells import csv_text
from bot.workflows.reporting.export_format import timestamp

Value = str | int | float | None | datetime
SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet name

if TYPE_CHECKING:  # openpyxl is loaded by the first XLSX written, not by every process
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


def to_csv(tables: Sequence[Table]) -> str:
    lines: list[Sequence[object]] = []
    for number, table in enumerate(tables):
        if len(tables) > 1:
            if number:
                lines.append([])
            lines.append([f"# {table.title}"])
        lines.append(table.header)
        lines.extend([_csv_value(v) for v in row] for row in table.rows)
    return csv_text(lines)


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook

    # Write-only mode streams rows: several times faster than building every cell in memory.
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:SHEET_TITLE_LIMIT]


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Value) -> object:
    if isinstance(value, datetime):
        return timestamp(value)  # openpyxl refuses aware datetimes; ISO text keeps the zone
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        # openpyxl would store it as a formula; a cell typed as text keeps it exactly.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _csv_value(value: Value) -> object:
    return f"{value:.4f}" if isinstance(value, float) else value
