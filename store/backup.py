"""A portable backup: every table in one gzip file of JSON lines, loadable into an empty database
on SQLite or PostgreSQL alike.

The first line describes the file (format, schema revision, row counts); each other line is one
row, `{"t": table, "r": {column: value}}`, tables in foreign-key order. Times are ISO 8601 with
their UTC offset, dates ISO dates; JSON columns stay JSON.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, Table, func, select
from sqlalchemy.types import TypeDecorator

from store.models import Base

FORMAT = "assessbot-backup"
VERSION = 1
SEEDED = ("jurisdictions",)  # written by the first migration; replaced by the backup's copy
BATCH = 500


class BackupError(Exception):
    """The file cannot be restored here; the message says why."""


@dataclass(frozen=True)
class Summary:
    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def write_backup(engine: Engine, path: Path) -> Summary:
    """Write every table to `path` (gzip JSON lines) from one consistent read."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":  # one snapshot for every table
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            return _dump(connection, path)


def _dump(connection: Connection, path: Path) -> Summary:
    revision = _revision(connection)
    counts = {t.name: _count(connection, t) for t in Base.metadata.sorted_tables}
    header = {"format": FORMAT, "version": VERSION, "revision": revision, "rows": counts}
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for table in Base.metadata.sorted_tables:
            for row in _rows(connection, table):
                out.write(json.dumps({"t": table.name, "r": row}, default=_encode) + "\n")
    return Summary(revision, counts)


def restore_backup(engine: Engine, path: Path) -> Summary:
    """Load `path` into the database at `engine`, which must be migrated and empty; all in one
    transaction, so a failure leaves the database as it was."""
    with closing(_lines(path)) as lines:
        header = _header(next(lines, None))
        with engine.begin() as connection:
            _check_target(connection, header)
            for name in SEEDED:
                connection.execute(Base.metadata.tables[name].delete())
            _load(connection, lines)
            _check_counts(connection, header)
            _reset_sequences(connection)
    return Summary(str(header["revision"]), dict(header["rows"]))


def _revision(connection: Connection) -> str:
    from alembic.runtime.migration import MigrationContext  # ~10 MB: not in every CLI process

    return MigrationContext.configure(connection).get_current_revision() or ""


def _count(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    for row in connection.execute(ordered).mappings():
        yield dict(row)


def _encode(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _lines(path: Path) -> Generator[str, None, None]:
    if not path.is_file():
        raise BackupError("file not found")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        try:
            yield from lines
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise BackupError(f"not a backup file, or a damaged one ({exc})") from None


def _header(line: str | None) -> dict[str, Any]:
    try:
        header = json.loads(line or "")
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a backup file written by `backup`")
    if header.get("version") != VERSION:
        raise BackupError(f"backup format version {header.get('version')} is not supported")
    return header


def _check_target(connection: Connection, header: dict[str, Any]) -> None:
    here = _revision(connection)
    if header["revision"] != here:
        raise BackupError(
            f"the backup's schema is revision {header['revision']}, this database's is {here}; "
            "restore it with the version of the bot that wrote it"
        )
    unknown = sorted(set(header["rows"]) - set(Base.metadata.tables))
    if unknown:
        raise BackupError(f"the backup has tables this version does not know: {unknown}")
    filled = [
        f"{t.name} ({n})"
        for t in Base.metadata.sorted_tables
        if t.name not in SEEDED and (n := _count(connection, t))
    ]
    if filled:
        raise BackupError(
            "the database is not empty (rows in " + ", ".join(filled) + "); restore into a new one"
        )


def _check_counts(connection: Connection, header: dict[str, Any]) -> None:
    """A file cut short (a full disk, a partial copy) is refused rather than half restored."""
    for name, expected in header["rows"].items():
        found = _count(connection, Base.metadata.tables[name])
        if found != expected:
            raise BackupError(
                f"the backup is incomplete: {name} has {found} rows of {expected}; nothing restored"
            )


def _load(connection: Connection, lines: Iterator[str]) -> None:
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    for number, line in enumerate(lines, start=2):
        try:
            item = json.loads(line)
            table = Base.metadata.tables[item["t"]]
            row = _decode(table, item["r"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"line {number} is damaged ({exc})") from None
        if table is not current or len(batch) >= BATCH:
            _flush(connection, current, batch)
            current, batch = table, []
        batch.append(row)
    _flush(connection, current, batch)


def _flush(connection: Connection, table: Table | None, batch: list[dict[str, Any]]) -> None:
    if table is not None and batch:
        connection.execute(table.insert(), batch)


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    decoded = {}
    for name, value in row.items():
        declared = table.c[name].type
        kind = declared.impl if isinstance(declared, TypeDecorator) else declared
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        decoded[name] = value
    return decoded


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not advance."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].type.python_type is not int:
            continue
        key = keys[0]
        highest = connection.scalar(select(func.max(key))) or 0
        sequence = func.pg_get_serial_sequence(table.name, key.name)
        connection.execute(select(func.setval(sequence, highest + 1, False)))
