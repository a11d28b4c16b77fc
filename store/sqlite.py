"""SQLite for several threads and processes: WAL, a busy timeout, and writers that queue.

Every transaction starts with `BEGIN IMMEDIATE`, so it takes the write lock up front: a
deferred transaction that read first and then wants to write cannot get the lock while another
connection holds a newer snapshot, and fails with "database is locked" instead of waiting.
(SQLAlchemy's pysqlite notes: turn off pysqlite's own BEGIN, emit ours on the "begin" event.)

Within one process the writers queue on a lock instead: SQLite's busy handler sleeps in growing
steps (1, 2, 5, 10 … 100 ms) between tries, which is what made the tail long. Between processes
(several web workers, the clock) the busy timeout still applies.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Connection, Engine, event

BUSY_TIMEOUT_MS = 30_000


class WriteQueue:
    """One transaction at a time per process, held from BEGIN until the connection goes back to
    the pool (after its COMMIT or ROLLBACK has finished)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: Any = None  # the DBAPI connection inside the transaction
        self._thread: int | None = None

    def enter(self, dbapi_connection: Any) -> None:
        if self._holder is dbapi_connection:
            return  # a second transaction on the same checked-out connection
        if self._thread == threading.get_ident():
            return  # this thread already writes on another connection: let SQLite decide
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("waited too long for this process's SQLite writer")
        self._holder, self._thread = dbapi_connection, threading.get_ident()

    def leave(self, dbapi_connection: Any) -> None:
        if dbapi_connection is not None and self._holder is dbapi_connection:
            self._holder, self._thread = None, None
            self._lock.release()


def configure(engine: Engine) -> None:
    """Pragmas on every new connection; BEGIN IMMEDIATE behind the process's writer queue."""
    queue = WriteQueue()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
            cursor.execute("PRAGMA journal_mode=WAL")
            # fsync at checkpoints, not at every commit (~6 ms each on a cloud disk). In WAL mode
            # a commit still survives the process crashing; an OS crash or power cut may lose
            # the last commits, never the file. Production runs PostgreSQL.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        dbapi_connection = conn.connection.dbapi_connection
        queue.enter(dbapi_connection)
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
        queue.leave(dbapi_connection)

    @event.listens_for(engine, "invalidate")
    def _on_invalidate(dbapi_connection: Any, _record: Any, _exc: Any) -> None:
        queue.leave(dbapi_connection)
