"""`GET /healthz`: 200 with the catalog's version while the database answers and takes writes,
503 while it does not (unreachable, or read-only: a standby, a full or immutable disk), since
every Slack request that changes something would fail."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable

from slack_bolt import BoltResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog

log = logging.getLogger(__name__)
Check = Callable[[], BoltResponse]


def catalog_version(catalog: Catalog) -> str:
    """`draft-` or `official-` and a fingerprint of the catalog's content."""
    digest = hashlib.sha256(catalog.model_dump_json().encode()).hexdigest()[:12]
    return f"{catalog.wording}-{digest}"


def checker(sessions: sessionmaker[Session], catalog: Catalog) -> Check:
    version = catalog_version(catalog)

    def healthy() -> BoltResponse:
        try:
            with sessions() as session:
                session.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            log.warning("health check: database unavailable (%s)", type(exc).__name__)
            return _json(503, {"status": "unavailable", "database": "unreachable"})
        if not _writable(sessions):
            log.warning("health check: the database is read-only")
            return _json(503, {"status": "unavailable", "database": "read-only"})
        return _json(200, {"status": "ok", "database": "ok", "catalog": version})

    return healthy


def _writable(sessions: sessionmaker[Session]) -> bool:
    """PostgreSQL says whether a transaction may write (false on a standby, or with
    default_transaction_read_only). SQLite writes only at commit, so a probe that writes would
    write on every check: its files are asked instead (read-only, immutable, or on a read-only
    mount), and the connection whether it was opened query-only."""
    try:
        with sessions() as session:
            if session.get_bind().dialect.name == "postgresql":
                return bool(session.scalar(text("SHOW transaction_read_only")) == "off")
            if session.scalar(text("PRAGMA query_only")):
                return False
            files = [
                row[2] for row in session.execute(text("PRAGMA database_list")) if row[1] == "main"
            ]
    except SQLAlchemyError:
        return False
    found = [
        path for name in files if name for path in (name, f"{name}-wal") if os.path.exists(path)
    ]
    return all(os.access(path, os.W_OK) for path in found)


def _json(status: int, body: dict[str, str]) -> BoltResponse:
    return BoltResponse(
        status=status, body=json.dumps(body), headers={"content-type": "application/json"}
    )
