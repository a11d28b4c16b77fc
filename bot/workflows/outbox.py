"""The outbox: messages that go out exactly once, written in the transaction that caused them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.workflows.notices import Compose, Notice
from store.enums import OutboxStatus
from store.models import OutboxMessage


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    recipient: str,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    now: datetime,
    send_after: datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> bool:
    """Queue one message; False when a message with this key was queued before (nothing changes).

    `recipient` is a channel id, or a user id whose DM is opened at send time. `extra` goes
    into the payload too: `reply_to` (the key of the row whose thread this message joins),
    `upload` (a file instead of a message) or data kept for later (a status post's snapshot).
    """
    values = {
        "idempotency_key": key[:200],
        "kind": kind,
        "recipient": recipient,
        "payload": {**(extra or {}), "text": text, "blocks": blocks or []},
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "last_error": "",
        "send_after": send_after or now,
        "created_at": now,
        "failure_reported": False,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(OutboxMessage).values(values).on_conflict_do_nothing()
    # RETURNING tells a fresh row from a skipped one on both backends (rowcount does not).
    return session.execute(stmt.returning(OutboxMessage.id)).first() is not None


def notify(
    session: Session,
    compose: Compose,
    notice: Notice,
    *,
    key: str,
    now: datetime,
    send_after: datetime | None = None,
) -> bool:
    """Queue `notice` in the words `compose` gives it; False when `key` was queued before."""
    words = compose(notice)
    return enqueue(
        session,
        key=key,
        kind=notice.kind,
        recipient=notice.recipient,
        text=words.text,
        blocks=words.blocks,
        now=now,
        send_after=send_after,
    )
