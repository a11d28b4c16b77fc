"""Messages Slack refused for good are told to the Committee channel, once each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.notices import Compose, Notice
from bot.workflows.outbox import notify
from store.enums import OutboxStatus
from store.models import OutboxMessage

KIND = "delivery_failure"


def report_failures(
    session: Session, compose: Compose, *, channel: str, now: datetime, limit: int = 100
) -> list[str]:
    """Queue one Committee-channel line per failed message not yet reported; returns their keys.

    The line's key is derived from the failed row, so two dispatchers reporting at once still
    post it once. A failed report is not reported again (it would fail the same way).
    """
    if not channel:
        return []
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.failure_reported.is_(False)
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    keys: list[str] = []
    for row in rows:
        row.failure_reported = True
        if row.kind == KIND:
            continue
        key = f"{KIND}:{row.id}"
        context = {"kind": row.kind, "recipient": row.recipient, "error": row.last_error}
        if notify(session, compose, Notice(KIND, channel, context), key=key, now=now):
            keys.append(key)
    session.flush()
    return keys
