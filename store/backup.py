"""A portable backup: every table in one gzip file of JSON lines, loadable into an empty database
on SQLite or PostgreSQL alike (`store.restore` loads it).

The first line describes the file (format, schema revision, row counts); each other line is one
row, `{"t": table, "r": {column: value}}`, tables in foreign-key order. Times are ISO 8601 with
their UTC offset, dates ISO dates; JSON columns stay JSON.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select

from store.models import Base

FORMAT = "assessbot-backup"
VERSION = 1


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
    revision = schema_revision(connection)
    counts = {t.name: row_count(connection, t) for t in Base.metadata.sorted_tables}
    header = {"format": FORMAT, "version": VERSION, "revision": revision, "rows": counts}
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for table in Base.metadata.sorted_tables:
            for row in _rows(connection, table):
                out.write(json.dumps({"t": table.name, "r": row}, default=_encode) + "\n")
    return Summary(revision, counts)


def schema_revision(connection: Connection) -> str:
    from alembic.runtime.migration import MigrationContext  # ~10 MB: not in every CLI process

    return MigrationContext.configure(connection).get_current_revision() or ""


def row_count(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    ordered = select(table).order_by(*table.primary_key.columns)
    for row in connection.execute(ordered).mappings():
        yield dict(row)


def _encode(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a backup")
