"""Shared fixtures: a migrated database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import logs
from bot.__main__ import main
from bot.catalog import Catalog, load_catalog
from bot.settings import DEFAULT_CATALOG
from store.db import make_engine, make_session_factory
from store.uow import UnitOfWork
from tests.dbs import backends, fresh_database


@pytest.fixture(autouse=True)
def _log_fields_start_empty() -> None:
    """A workflow run in the test's own thread (load_actor names the jurisdiction for the log
    lines that follow) must not leave its fields to the next test."""
    logs.clear()


NOW = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)


@pytest.fixture(params=backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine, forget_key=FORGET_KEY)


@pytest.fixture
def uow(sessions: sessionmaker[Session]) -> UnitOfWork:
    return UnitOfWork(sessions)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_CATALOG)


@pytest.fixture
def now() -> datetime:
    return NOW


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


# Settings a developer's shell may hold that would change what the CLI does in a test.
FORGET_KEY = "tests-forget-key"  # the CLI's and the test sessions' key of tombstones
CLI_ENV = (
    *("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"),
    *("CATALOG_PATH", "PORT", "DEFAULT_TZ"),
)


@pytest.fixture
def run_cli(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., CliResult]:
    """`run_cli("cycle", "list")` runs `python -m bot` in-process against the test database."""
    monkeypatch.chdir(tmp_path)  # away from any .env in the checkout
    for name in CLI_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("FORGET_KEY", FORGET_KEY)

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run
