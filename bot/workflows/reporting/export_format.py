"""Export rows as CSV or JSON text (UTF-8 when written). Slack-free, so a handler can reuse it.

CSV is written by the one guarded writer (`csv_cells`): notes are typed by people, and a
spreadsheet would otherwise run some of them as formulas. JSON is left exactly as stored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.workflows.reporting.csv_cells import csv_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

FORMATS = ("csv", "json")


def columns(row_type: type[DataclassInstance]) -> list[str]:
    """The exported columns: every field but those kept inside the bot (Slack user ids)."""
    return [f.name for f in fields(row_type) if f.metadata.get("exported", True)]


def render(rows: Sequence[DataclassInstance], row_type: type[DataclassInstance], fmt: str) -> str:
    """The rows as `fmt` ('csv' or 'json'), with a header even when there are no rows."""
    names = columns(row_type)
    if fmt == "json":
        return to_json(rows, names)
    if fmt == "csv":
        return to_csv(rows, names)
    raise ValueError(f"unknown export format {fmt!r}")


def to_csv(rows: Sequence[DataclassInstance], names: list[str]) -> str:
    return csv_text([names, *([getattr(row, name) for name in names] for row in rows)])


def to_json(rows: Sequence[DataclassInstance], names: list[str]) -> str:
    data = [{name: _json_value(getattr(row, name)) for name in names} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def timestamp(value: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, e.g. 2027-03-01T15:00:00Z."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _json_value(value: object) -> object:
    return timestamp(value) if isinstance(value, datetime) else value
