"""Messages Slack refused for good are told to the Committee channel, once each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.outbox import enqueue
from messages import Renderer
from store.models import OutboxMessage

KIND = "delivery_failure"


def report_failures(
    session: Session, render: Renderer, *, channel: str, now: datetime, limit: int = 100
) -> list[str]:
    """Queue one Committee-channel line per failed message not yet reported; returns their keys.

    The line's key is derived from the failed row, so two dispatchers reporting at once still
    post it once. A failed report is not reported again (it would fail the same way).
    """
    if not channel:
        return []
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "failed", OutboxMessage.failure_reported.is_(False))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    keys: list[str] = []
    for row in rows:
        row.failure_reported = True
        if row.kind == KIND:
            continue
        key = f"{KIND}:{row.id}"
        text = render.text(
            "reminders/failure_line.txt.j2",
            kind=row.kind,
            recipient=row.recipient,
            error=row.last_error,
        )
        if enqueue(session, key=key, kind=KIND, recipient=channel, text=text, now=now):
            keys.append(key)
    session.flush()
    return keys
