"""`backup FILE` writes every table to one private file and `restore FILE` loads it into an empty
database: SQLite -> PostgreSQL -> SQLite gives back exactly the rows that went in."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.__main__ import main
from bot.workflows.privacy.audit import Audited
from bot.workflows.walk import answers
from store.db import make_engine, make_session_factory
from store.models import Base, Cycle
from tests.conftest import CLI_ENV, NOW
from tests.dbs import PG_URL, fresh_database
from tests.privacy_world import seed

Rows = dict[str, list[dict[str, Any]]]


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`cli(url, "backup", file)` runs `python -m bot` in-process against the database at url."""
    monkeypatch.chdir(tmp_path)
    for name in CLI_ENV:
        monkeypatch.delenv(name, raising=False)

    def run(url: str, *argv: object) -> tuple[int, str, str]:
        monkeypatch.setenv("DATABASE_URL", url)
        capsys.readouterr()
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def everything(url: str) -> Rows:
    """Every row of every table, times as UTC ISO text, leaving out the backup's own audit rows."""
    engine = make_engine(url)
    found: Rows = {}
    try:
        with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                rows = connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).mappings()
                found[table.name] = [
                    {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
                    for row in rows
                    if not (table.name == "audit_events" and row["action"] in _OWN)
                ]
    finally:
        engine.dispose()
    return found


_OWN = (Audited.BACKUP.value, Audited.RESTORE.value)


def seeded(url: str) -> None:
    engine = make_engine(url)
    seed(make_session_factory(engine), NOW)
    engine.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "first"
    folder.mkdir()
    with fresh_database("sqlite", folder) as url:
        yield url


def test_backup_and_restore_into_an_empty_database_give_the_same_rows(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    seeded(db_url)
    target = tmp_path / "backup.jsonl.gz"
    old = os.umask(0o022)
    try:
        code, out, err = cli(db_url, "backup", target)
    finally:
        os.umask(old)
    assert code == 0, err
    assert out.startswith("Wrote ") and str(target) in out
    assert target.stat().st_mode & 0o777 == 0o600
    with gzip.open(target, "rt", encoding="utf-8") as lines:
        header = json.loads(next(lines))
    assert header["format"] == "assessbot-backup"
    assert header["rows"]["answers"] == 2

    (tmp_path / "second").mkdir()
    backend = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    with fresh_database(backend, tmp_path / "second", migrate=False) as empty:
        code, out, err = cli(empty, "restore", target)
        assert code == 0, err
        assert everything(empty) == everything(db_url)
        # New rows get fresh ids after a restore (PostgreSQL's sequences were moved on).
        engine = make_engine(empty)
        with make_session_factory(engine)() as session, session.begin():
            _answer(session, NOW + timedelta(hours=1))
        engine.dispose()
        code, out, err = cli(empty, "audit", "list")
        kinds = [line.split()[3] for line in out.splitlines()]
        assert "restore" in kinds and "backup" not in kinds  # the backup's entry came after it


def _answer(session: Session, now: datetime) -> None:
    cycle_id = session.scalars(select(Cycle.id)).one()
    answers.record(
        session,
        cycle_id=cycle_id,
        jurisdiction="CA",
        rec_id="HOU-3",
        actor="U0CAPOC",
        agency="",
        source="button",
        now=now,
        status="tier_1",
    )


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_sqlite_to_postgresql_to_sqlite_round_trip_is_equal(
    cli: Cli, sqlite_db: str, tmp_path: Path
) -> None:
    seeded(sqlite_db)
    first, second = tmp_path / "one.gz", tmp_path / "two.gz"
    assert cli(sqlite_db, "backup", first)[0] == 0
    (tmp_path / "last").mkdir()
    with (
        fresh_database("postgresql", tmp_path, migrate=False) as pg,
        fresh_database("sqlite", tmp_path / "last", migrate=False) as last,
    ):
        assert cli(pg, "restore", first)[0] == 0
        assert cli(pg, "backup", second)[0] == 0
        assert cli(last, "restore", second)[0] == 0
        original = everything(sqlite_db)
        assert everything(pg) == original
        assert everything(last) == original


def test_restore_refuses_a_database_in_use_and_a_damaged_file(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    seeded(db_url)
    good = tmp_path / "good.gz"
    assert cli(db_url, "backup", good)[0] == 0
    before = everything(db_url)

    code, _, err = cli(db_url, "restore", good)
    assert code == 2
    assert err.startswith(f"{good}: the database is not empty (rows in ")
    assert "answers (2)" in err and err.endswith("; restore into a new one\n")

    backend = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    (tmp_path / "empty").mkdir()
    with fresh_database(backend, tmp_path / "empty", migrate=False) as empty:
        cut = tmp_path / "cut.gz"
        with gzip.open(good, "rt") as src, gzip.open(cut, "wt") as dst:
            lines = src.readlines()
            dst.writelines(lines[:-3])
        code, _, err = cli(empty, "restore", cut)
        assert code == 2
        assert err.startswith(f"{cut}: the backup is incomplete: ")
        assert err.endswith(" rows of 3; nothing restored\n")  # the last table, cut short
        plain = tmp_path / "plain.txt"
        plain.write_text("not a backup\n")
        code, _, err = cli(empty, "restore", plain)
        assert code == 2 and err.startswith(f"{plain}: not a backup file")
        code, _, err = cli(empty, "restore", tmp_path / "missing.gz")
        assert (code, err) == (2, f"{tmp_path / 'missing.gz'}: file not found\n")
        left = everything(empty)
        assert [name for name, rows in left.items() if rows] == ["jurisdictions"]
    assert everything(db_url) == before
