"""Files the bot writes are private (0600), and every export and report is in the audit log."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine
from tests.conftest import NOW, CliResult
from tests.factories import add_cycle

Cli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common 022 umask, under which files are world-readable unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_exports_and_reports_are_written_owner_only(
    run_cli: Cli, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    add_cycle(sessions, now=NOW)
    answers = tmp_path / "answers.csv"
    answers.write_text("old, readable by all\n")
    answers.chmod(0o644)
    assert run_cli("export", "answers", "--output", answers).code == 0
    assert mode(answers) == 0o600  # replacing a world-readable file does not keep its mode

    report = tmp_path / "tx.html"
    assert run_cli("report", "state", "TX", "--format", "html", "--output", report).code == 0
    assert mode(report) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_new_sqlite_database_is_owner_only_and_so_is_its_journal(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    assert mode(path) == 0o600
    wal = tmp_path / "new.sqlite3-wal"
    if wal.exists():
        assert mode(wal) == 0o600
    engine.dispose()


def test_every_export_and_report_is_audited_with_who_and_what(
    run_cli: Cli, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    add_cycle(sessions, now=NOW)
    assert run_cli("audit", "list").out == "Nothing recorded yet.\n"
    assert run_cli("export", "answers", "--jurisdiction", "TX").code == 0
    assert run_cli("export", "answers", "--history", "--output", tmp_path / "h.csv").code == 0
    assert run_cli("report", "state", "Guam").code == 0
    assert run_cli("export", "answers", "--jurisdiction", "XX").code == 2  # refused: not audited

    lines = run_cli("audit", "list").out.splitlines()
    who = f"operator:{getpass.getuser()}"
    assert len(lines) == 3
    assert all(who in line for line in lines)
    report, history, export = lines  # newest first
    assert " report " in report and "state report GU" in report
    assert " export " in history and "answer history, all jurisdictions" in history
    assert str(tmp_path / "h.csv") in history
    assert " export " in export and "answers, TX" in export and "127 rows" in export
    assert "standard output" in export
    assert len(run_cli("audit", "list", "--limit", "1").out.splitlines()) == 1
