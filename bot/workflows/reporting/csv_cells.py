"""The one CSV writer: every CSV the bot produces (exports, history, adoption) goes through it.

People type the notes, so a cell can hold what a spreadsheet would run as a formula (OWASP
"CSV Injection"). Two guards, because spreadsheets disagree on how they read a file:

- a cell holding a line break, a quote or any separator a spreadsheet may pick (`,` `;` TAB) is
  quoted, so it stays one cell whichever separator the reader chooses;
- a text cell that starts with `=`, `+`, `-`, `@`, TAB, CR or LF gets a leading `'`, and so
  does every piece of it that follows a separator or a line break, so a reader that splits the
  cell anyway still finds no formula.

Numbers are written as they are: `-3` is not a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NEEDS_QUOTES = re.compile(r'[,;\t\r\n"]')
# A piece of the cell after a separator or line break that starts (after spaces) a formula.
AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(?=[ ]*[=+\-@])")


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV (comma-separated, one `\\n` per row), every cell made safe."""
    return "".join(",".join(_quoted(cell(v)) for v in row) + "\n" for row in rows)


def cell(value: object) -> str:
    """One value as the text of a CSV cell, with the formula guard applied to text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, bool | int | float):
        return str(value)
    text = AFTER_SEPARATOR.sub("'", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _quoted(text: str) -> str:
    if NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text
