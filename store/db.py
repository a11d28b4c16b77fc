"""Engines and sessions for SQLite and PostgreSQL."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from store import sqlite
from store.tombstones import KEY, gate

DEFAULT_POOL_SIZE = 5
# Connections older than this are replaced at checkout, before a server or proxy idle timeout
# drops them. A connection dropped anyway fails its first statement; the unit of work then runs
# again on a new one (store.uow.run). No ping per checkout: that is a round trip per request.
RECYCLE_SECONDS = 300


def make_engine(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> Engine:
    """An engine for `url` whose pool holds `pool_size` connections (the threads that use it);
    SQLite gets foreign keys, WAL, a busy timeout and BEGIN IMMEDIATE (see store.sqlite)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_recycle=RECYCLE_SECONDS,
            hide_parameters=True,  # errors never quote the notes people typed
        )
    _create_private(make_url(url).database)
    memory = url in ("sqlite://", "sqlite:///:memory:")
    pool = {} if memory else {"pool_size": pool_size, "max_overflow": pool_size}
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": sqlite.BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,
        **pool,
    )
    sqlite.configure(engine)
    return engine


def _create_private(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only (SQLite would follow the umask); its
    -wal and -shm files take the database file's permissions."""
    if not path or path == ":memory:" or path.startswith("file:") or os.path.exists(path):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError:
        return  # a missing folder or no permission: SQLite's own error says it better


def make_session_factory(engine: Engine, *, forget_key: str = "") -> sessionmaker[Session]:
    """Sessions that carry the forget key, behind the gate that keeps forgotten people out."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, info={KEY: forget_key})
    event.listen(factory, "before_flush", gate)
    return factory
