"""Migrations build the whole schema from nothing, on every backend, and a second run is a no-op."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, select

from bot.__main__ import main
from store.db import make_engine
from store.jurisdictions import JURISDICTIONS
from store.migrate import alembic_config, current_revision, head_revision, upgrade
from store.models import Base, Jurisdiction
from tests.dbs import backends, fresh_database


@pytest.fixture(params=backends())
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with fresh_database(request.param, tmp_path, migrate=False) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert revision is not None
    return revision


def revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def jurisdictions(engine: Engine) -> list[tuple[str, str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Jurisdiction.code, Jurisdiction.name, Jurisdiction.kind, Jurisdiction.tz)
        )
        return sorted(tuple(row) for row in rows)


def test_empty_database_is_upgraded_to_head_with_56_jurisdictions(empty_engine: Engine) -> None:
    assert inspect(empty_engine).get_table_names() == []

    upgrade(empty_engine)

    assert set(Base.metadata.tables) <= set(inspect(empty_engine).get_table_names())
    assert revision_of(empty_engine) == head()
    assert jurisdictions(empty_engine) == sorted(JURISDICTIONS)
    kinds = [kind for _, _, kind, _ in jurisdictions(empty_engine)]
    assert (kinds.count("state"), kinds.count("district"), kinds.count("territory")) == (50, 1, 5)


def test_migrated_schema_matches_the_models(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with empty_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_downgrade_to_nothing_and_up_again(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    config = alembic_config(empty_engine.url.render_as_string(hide_password=False))
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}

    upgrade(empty_engine)
    assert len(jurisdictions(empty_engine)) == 56


def test_db_upgrade_command_twice_changes_nothing(
    empty_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", empty_engine.url.render_as_string(hide_password=False))

    assert main(["db", "upgrade"]) == 0
    first = (revision_of(empty_engine), jurisdictions(empty_engine))
    assert main(["db", "upgrade"]) == 0
    second = (revision_of(empty_engine), jurisdictions(empty_engine))

    assert first == second == (head(), sorted(JURISDICTIONS))
    with empty_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Jurisdiction)) == 56
    out = capsys.readouterr().out.splitlines()
    assert out[0] == out[1]
    assert out[0].endswith(f"up to date (revision {head()})")


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    assert head_revision() == head()


def test_a_database_at_head_is_left_alone_and_one_behind_is_upgraded(
    empty_engine: Engine,
) -> None:
    assert current_revision_of(empty_engine) is None
    upgrade(empty_engine, "0001")
    assert current_revision_of(empty_engine) == "0001"
    upgrade(empty_engine)
    assert current_revision_of(empty_engine) == revision_of(empty_engine) == head()
    upgrade(empty_engine)  # the revision check alone: nothing to run
    assert current_revision_of(empty_engine) == head()


def current_revision_of(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return current_revision(connection)
