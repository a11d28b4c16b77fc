"""Faults injected into the test database itself (never into the bot's code): a trigger that
makes every insert into one table fail, as a full disk or a lost connection would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


@contextmanager
def failing_inserts(engine: Engine, table: str) -> Iterator[None]:
    """While inside, INSERT INTO `table` raises "injected fault"; the trigger is gone after."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    f"CREATE TRIGGER injected_fault BEFORE INSERT ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER injected_fault BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION injected_fault()"
                )
            )
    try:
        yield
    finally:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER injected_fault"))
            else:
                conn.execute(text(f"DROP TRIGGER injected_fault ON {table}"))
                conn.execute(text("DROP FUNCTION injected_fault()"))


def fail_updates(engine: Engine, table: str) -> None:
    """From now on, UPDATE of `table` raises "injected fault" (until `mend_updates`): a write
    that fails after what came before it was committed, as a connection terminated would."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    f"CREATE TRIGGER injected_update_fault BEFORE UPDATE ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION injected_update_fault() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$"
                )
            )
            conn.execute(
                text(
                    f"CREATE TRIGGER injected_update_fault BEFORE UPDATE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION injected_update_fault()"
                )
            )


def mend_updates(engine: Engine, table: str) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER injected_update_fault"))
        else:
            conn.execute(text(f"DROP TRIGGER injected_update_fault ON {table}"))
            conn.execute(text("DROP FUNCTION injected_update_fault()"))
