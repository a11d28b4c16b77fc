"""SQLite for several threads and processes: WAL, a busy timeout, and writers that queue.

Every transaction starts with `BEGIN IMMEDIATE`, so it takes the write lock up front: a
deferred transaction that read first and then wants to write cannot get the lock while another
connection holds a newer snapshot, and fails with "database is locked" instead of waiting.
(SQLAlchemy's pysqlite notes: turn off pysqlite's own BEGIN, emit ours on the "begin" event.)

Before that BEGIN, writers queue: on a lock within the process, then on an exclusive `flock`
of a file beside the database across processes (web workers, the clock). Both wake the next
writer the moment the last one finishes. Without them, waiting writers sleep in SQLite's busy
handler in growing steps (1, 2, 5, 10 … 100 ms) between tries, which made the tail long. The
busy timeout stays as the backstop for anything that does not queue (another program).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event

try:
    import fcntl
except ImportError:  # not POSIX: the busy timeout alone
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_MS = 30_000


class WriteQueue:
    """One transaction at a time, held from BEGIN until the connection goes back to the pool
    (after its COMMIT or ROLLBACK has finished)."""

    def __init__(self, database: str | None) -> None:
        self._lock = threading.Lock()
        self._holder: Any = None  # the DBAPI connection inside the transaction
        self._thread: int | None = None
        self._path = Path(f"{database}-writer.lock") if database and fcntl else None
        self._file: tuple[int, int] | None = None  # (pid, fd): a forked child opens its own

    def enter(self, dbapi_connection: Any) -> None:
        if self._holder is dbapi_connection:
            return  # a second transaction on the same checked-out connection
        if self._thread == threading.get_ident():
            return  # this thread already writes on another connection: let SQLite decide
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("waited too long for this process's SQLite writer")
        try:
            self._flock(fcntl.LOCK_EX if fcntl else 0)
        except BaseException:
            self._lock.release()
            raise
        self._holder, self._thread = dbapi_connection, threading.get_ident()

    def leave(self, dbapi_connection: Any) -> None:
        if dbapi_connection is not None and self._holder is dbapi_connection:
            self._holder, self._thread = None, None
            try:
                self._flock(fcntl.LOCK_UN if fcntl else 0)
            finally:
                self._lock.release()

    def _flock(self, operation: int) -> None:
        if self._path is None or fcntl is None:
            return
        if self._file is None or self._file[0] != os.getpid():
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            self._file = (os.getpid(), fd)
        fcntl.flock(self._file[1], operation)


def configure(engine: Engine) -> None:
    """Pragmas on every new connection; BEGIN IMMEDIATE behind the writer queue."""
    database = engine.url.database
    queue = WriteQueue(database if database and database != ":memory:" else None)

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
        queue.enter(conn.connection.dbapi_connection)
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, _record: Any) -> None:
        queue.leave(dbapi_connection)

    @event.listens_for(engine, "invalidate")
    def _on_invalidate(dbapi_connection: Any, _record: Any, _exc: Any) -> None:
        queue.leave(dbapi_connection)
