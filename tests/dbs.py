"""Test databases: a fresh SQLite file, and a fresh PostgreSQL schema when TEST_DATABASE_URL is set.

Each PostgreSQL database gets its own schema (selected with search_path in the URL), so several
test runs can share one server without seeing each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from store.db import make_engine
from store.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@contextmanager
def fresh_database(
    backend: str, tmp_path: Path, *, migrate: bool = True, pg_url: str = PG_URL, keep: bool = False
) -> Iterator[str]:
    """Yield the URL of a new database, migrated unless told not to, removed afterwards
    unless kept (to look into after a failed rehearsal)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        if migrate:
            _migrate(url)
        yield url
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_url else "?"
    url = f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    try:
        if migrate:
            _migrate(url)
        yield url
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _migrate(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
