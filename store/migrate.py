"""Run Alembic migrations from code, so `serve`, `db upgrade` and the tests share one path.

Alembic itself (about 10 MB once imported) is loaded only when a migration is pending: `serve`
forks its workers from the process that migrated, so whatever that process imported is held by
every worker.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"  # Alembic's default, which env.py keeps
# Any fixed number: web and clock processes starting together take turns migrating.
MIGRATION_LOCK = 0x617373657373


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at `engine` to `revision`, on the engine's own connection."""
    if revision == "head" and _at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # SQLite's BEGIN IMMEDIATE already serialises this; PostgreSQL needs a lock.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database; None before the first migration (or if several)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    query = text(f"SELECT version_num FROM {VERSION_TABLE}")  # noqa: S608 - a constant
    rows = connection.execute(query).scalars().all()
    return str(rows[0]) if len(rows) == 1 else None


@cache
def head_revision() -> str | None:
    """The newest migration's id, read from the migration files' `revision` and
    `down_revision` without importing them; None unless there is exactly one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        values = _assignments(path)
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        downs = down if isinstance(down, tuple | list) else (down,) if down else ()
        parents.update(str(d) for d in downs)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _assignments(path: Path) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            values[target.id] = ast.literal_eval(value)
    return values


def _at_head(engine: Engine) -> bool:
    head = head_revision()
    if head is None:
        return False  # Alembic decides (and says what is wrong with the history)
    with engine.connect() as connection:
        return current_revision(connection) == head
