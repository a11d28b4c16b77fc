"""Shared fixtures: a migrated database per test, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.settings import DEFAULT_CATALOG
from store.db import make_engine, make_session_factory
from store.uow import UnitOfWork
from tests.dbs import backends, fresh_database

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
    return make_session_factory(engine)


@pytest.fixture
def uow(sessions: sessionmaker[Session]) -> UnitOfWork:
    return UnitOfWork(sessions)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_CATALOG)


@pytest.fixture
def now() -> datetime:
    return NOW
