"""Every CSV the bot writes stays text in every spreadsheet: hostile cells read back whole,
quoted wherever a separator or line break could split them, and no piece starts a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.workflows.reporting.csv_cells import csv_text
from bot.workflows.reporting.export_format import to_csv
from bot.workflows.reporting.tables import Table
from bot.workflows.reporting.tables import to_csv as tables_to_csv
from bot.workflows.walk import answers
from tests.conftest import NOW, CliResult
from tests.factories import add_cycle

HOSTILE = [
    "\r=1+1",
    "\n=1+1",
    "\t=1+1",
    "=1+1",
    "+1",
    "-1+2",
    "@SUM(A1)",
    'ok;=HYPERLINK("http://example.org","x")',
    "ok,=1+1",
    "ok\t=1+1",
    "a\r\n@cmd",
    "ok; -2+3",
    'say "hi", then =go',
]
TRIGGERS = ("=", "+", "-", "@")


def pieces(cell: str) -> list[str]:
    """What a spreadsheet that splits the cell on any separator or line break would see."""
    for separator in ",;\t\r":
        cell = cell.replace(separator, "\n")
    return cell.split("\n")


def assert_safe(text: str, expected: list[str]) -> None:
    """Read back with each separator: the quoted cells come back whole; nothing starts a formula."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows] == expected
    for separator in ",;\t":
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for cell in row:
                for piece in pieces(cell):
                    assert not piece.lstrip(" ").startswith(TRIGGERS), (separator, cell)
    for line in text.split("\n"):  # a reader that ignores quotes and splits lines at CR too
        for piece in pieces(line):
            assert not piece.lstrip(' "').startswith(TRIGGERS), line


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_cell_is_quoted_guarded_and_read_back_whole(hostile: str) -> None:
    text = csv_text([[hostile, "after"]])

    row = next(csv.reader(io.StringIO(text, newline="")))
    assert row[1] == "after"
    assert row[0].replace("'", "") == hostile.replace("'", "")
    assert_safe(text, [row[0]])


def test_numbers_and_plain_text_are_left_as_they_are() -> None:
    assert csv_text([[-3, 2.5, "plain", None, True]]) == "-3,2.5,plain,,True\n"


@dataclass(frozen=True)
class Row:
    notes: str


def test_both_writers_use_the_guard() -> None:
    expected = ["notes", *(_cell(h) for h in HOSTILE)]
    assert_safe(tables_to_csv([Table("t", ("notes",), tuple((h,) for h in HOSTILE))]), expected)
    assert_safe(to_csv([Row(h) for h in HOSTILE], ["notes"]), expected)


def _cell(hostile: str) -> str:
    return next(csv.reader(io.StringIO(csv_text([[hostile]]), newline="")))[0]


def test_export_answers_file_reads_back_safe(
    run_cli: Callable[..., CliResult], sessions: sessionmaker[Session]
) -> None:
    cycle_id = add_cycle(sessions, now=NOW)
    with sessions() as session, session.begin():
        for number, hostile in enumerate(HOSTILE[:5], start=1):
            answers.record(
                session,
                cycle_id=cycle_id,
                jurisdiction="TX",
                rec_id=f"HOU-{number}",
                actor="U0TXPOC",
                agency="",
                source="button",
                now=NOW,
                status="tier_1",
                notes=hostile,
                resources=HOSTILE[-number],
            )

    result = run_cli("export", "answers", "--jurisdiction", "TX")

    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    notes = {r["recommendation_id"]: r["notes"] for r in rows}
    assert [notes[f"HOU-{n}"] for n in range(1, 6)] == [_cell(h) for h in HOSTILE[:5]]
    for separator in ",;\t":
        for row in csv.reader(io.StringIO(result.out, newline=""), delimiter=separator):
            for cell in row:
                for piece in pieces(cell):
                    assert not piece.lstrip(" ").startswith(TRIGGERS), cell
