"""export answers: CSV and JSON parse back to exactly what the database holds."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.reporting.export_format import timestamp
from bot.workflows.walk import answers
from store.models import Answer, AnswerHistory
from tests.conftest import NOW, CliResult
from tests.factories import add_cycle

Cli = Callable[..., CliResult]
COLUMNS = (
    "jurisdiction,cycle,topic,recommendation_id,recommendation,status,notes,resources_needed,"
    "answered_by_name,agency,answered_at"
)
CYCLE = "2027 State Self-Assessment"
FORMULA = '=HYPERLINK("http://example.org","click")'
# (jurisdiction, recommendation, actor, agency, status, notes, resources)
CHANGES = [
    ("TX", "HOU-1", "U0TXPOC", "", "tier_1", "Planning a pilot.", ""),
    ("TX", "HOU-1", "U0DFPS", "Texas DFPS", "tier_2", "Pilot runs in 3 regions.", "Funding"),
    ("TX", "MDR-2", "U0TXPOC", "", "not_yet", FORMULA, "+1 analyst"),
    ("PR", "SCR-4", "U0PRPOC", "", "unsure", "Niños y jóvenes — «protocolo»\nline two", ""),
    ("GU", "FUN-1", "U0GUPOC", "", "not_applicable", "", "@ someone, -2 staff"),
]


@pytest.fixture
def recorded(sessions: sessionmaker[Session]) -> int:
    cycle_id = add_cycle(sessions, now=NOW, name=CYCLE)
    with sessions() as session, session.begin():
        for minute, (code, rec, actor, agency, status, notes, resources) in enumerate(CHANGES):
            answers.record(
                session,
                cycle_id=cycle_id,
                jurisdiction=code,
                rec_id=rec,
                actor=actor,
                agency=agency,
                source="button",
                now=NOW + timedelta(minutes=minute, microseconds=250),
                status=status,
                notes=notes,
                resources=resources,
            )
    return cycle_id


def stored(sessions: sessionmaker[Session]) -> dict[tuple[str, str], dict[str, Any]]:
    with sessions() as session:
        return {
            (a.jurisdiction_code, a.recommendation_id): {
                "status": a.status,
                "notes": a.notes,
                "resources_needed": a.resources_needed,
                # No name is cached here: the id stands in, with the agency beside it.
                "answered_by_name": f"{a.answered_by} ({a.agency})" if a.agency else a.answered_by,
                "agency": a.agency,
                "answered_at": a.answered_at,
            }
            for a in session.scalars(select(Answer))
        }


def unguard(cell: str) -> str:
    """The text before the CSV formula guard (a `'` at the start, and after separators)."""
    cell = re.sub(r"(?<=[,;\t\r\n])'(?=[ ]*[=+\-@])", "", cell)
    return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell


def check_rows(rows: list[dict[str, Any]], db: dict[tuple[str, str], dict[str, Any]]) -> None:
    """Answered rows equal the stored answer; every other row is empty."""
    for row in rows:
        answer = db.get((row["jurisdiction"], row["recommendation_id"]))
        got = {
            "status": row["status"] or None,
            "notes": unguard(row["notes"]),
            "resources_needed": unguard(row["resources_needed"]),
            "answered_by_name": row["answered_by_name"],
            "agency": row["agency"],
            "answered_at": datetime.fromisoformat(row["answered_at"])
            if row["answered_at"]
            else None,
        }
        empty = dict.fromkeys(got, "") | {"status": None, "answered_at": None}
        assert got == (answer or empty), row


def test_csv_has_one_row_per_jurisdiction_and_recommendation_equal_to_the_database(
    run_cli: Cli, recorded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    result = run_cli("export", "answers", "--format", "csv")

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == COLUMNS
    rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    assert len(rows) == 56 * 127
    assert {r["cycle"] for r in rows} == {CYCLE}
    assert len({(r["jurisdiction"], r["recommendation_id"]) for r in rows}) == 56 * 127
    check_rows(rows, stored(sessions))
    first = rows[0]
    assert (first["jurisdiction"], first["recommendation_id"], first["topic"]) == (
        "AK",
        "MDR-1",
        "Multidisciplinary Response",
    )
    assert first["recommendation"] == catalog.by_id["MDR-1"].text


def test_csv_guards_formulas_and_json_keeps_the_text(run_cli: Cli, recorded: int) -> None:
    def row(out: list[dict[str, Any]], code: str, rec: str) -> dict[str, Any]:
        return next(r for r in out if (r["jurisdiction"], r["recommendation_id"]) == (code, rec))

    as_csv = list(csv.DictReader(io.StringIO(run_cli("export", "answers").out, newline="")))
    as_json = json.loads(run_cli("export", "answers", "--format", "json").out)

    assert row(as_csv, "TX", "MDR-2")["notes"] == "'" + FORMULA
    assert row(as_csv, "TX", "MDR-2")["resources_needed"] == "'+1 analyst"
    assert row(as_csv, "GU", "FUN-1")["resources_needed"] == "'@ someone,' -2 staff"
    assert row(as_json, "TX", "MDR-2")["notes"] == FORMULA
    assert row(as_csv, "PR", "SCR-4")["notes"] == CHANGES[3][5]


def test_json_for_one_jurisdiction_equals_the_database(
    run_cli: Cli, recorded: int, sessions: sessionmaker[Session]
) -> None:
    result = run_cli("export", "answers", "--format", "json", "--jurisdiction", "tx")

    assert result.code == 0
    rows = json.loads(result.out)
    assert list(rows[0]) == COLUMNS.split(",")
    assert len(rows) == 127
    assert {r["jurisdiction"] for r in rows} == {"TX"}
    check_rows(rows, stored(sessions))
    hou1 = next(r for r in rows if r["recommendation_id"] == "HOU-1")
    assert hou1["answered_at"] == "2027-03-01T15:01:00.000250Z"
    assert next(r for r in rows if r["recommendation_id"] == "HOU-2")["status"] is None


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_history_lists_every_change_with_before_and_after(
    run_cli: Cli, recorded: int, sessions: sessionmaker[Session], fmt: str
) -> None:
    result = run_cli("export", "answers", "--history", "--format", fmt)

    assert result.code == 0
    if fmt == "json":
        rows = json.loads(result.out)
    else:
        rows = list(csv.DictReader(io.StringIO(result.out, newline="")))
    with sessions() as session:
        changes = list(session.scalars(select(AnswerHistory).order_by(AnswerHistory.id)))
    assert len(rows) == len(changes) == len(CHANGES)
    for row, change in zip(rows, changes, strict=True):
        assert (row["jurisdiction"], row["recommendation_id"], str(row["version"])) == (
            change.jurisdiction_code,
            change.recommendation_id,
            str(change.version),
        )
        assert (row["before_status"] or None, row["after_status"]) == (
            change.before_status,
            change.after_status,
        )
        assert unguard(row["after_notes"]) == change.after_notes
        assert row["changed_at"] == timestamp(change.changed_at)
    assert (rows[1]["before_notes"], rows[1]["after_notes"]) == (
        "Planning a pilot.",
        "Pilot runs in 3 regions.",
    )


def test_output_file_and_a_closed_cycle(run_cli: Cli, recorded: int, tmp_path: Path) -> None:
    assert run_cli("cycle", "close").code == 0
    target = tmp_path / "out.csv"

    result = run_cli("export", "answers", "--jurisdiction", "Guam", "--output", target)

    assert (result.code, result.out) == (0, f"Wrote 127 rows to {target}\n")
    text = target.read_text(encoding="utf-8")
    assert text.startswith(COLUMNS + "\n")
    assert len(text.splitlines()) == 128


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--jurisdiction", "XX"], "Unknown jurisdiction 'XX'"),
        (["--cycle", "1999"], "No cycle named '1999'."),
        (["--format", "xlsx"], "argument --format: invalid choice: 'xlsx'"),
    ],
)
def test_bad_export_requests_are_one_line(
    run_cli: Cli, recorded: int, argv: list[str], message: str
) -> None:
    result = run_cli("export", "answers", *argv)

    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    assert message in result.err


def test_export_before_any_cycle(run_cli: Cli) -> None:
    result = run_cli("export", "answers")

    assert (result.code, result.err) == (2, "No assessment cycle exists yet.\n")
