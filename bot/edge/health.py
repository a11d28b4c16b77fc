"""`GET /healthz`: 200 with the catalog's version while the database answers, 503 while not."""

from __future__ import annotations

import hashlib
import json
import logging
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
        return _json(200, {"status": "ok", "database": "ok", "catalog": version})

    return healthy


def _json(status: int, body: dict[str, str]) -> BoltResponse:
    return BoltResponse(
        status=status, body=json.dumps(body), headers={"content-type": "application/json"}
    )
