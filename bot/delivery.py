"""Sends outbox rows to Slack. Safe to run in several processes at once: a row is claimed with a
conditional UPDATE before it is sent, and a claim that outlives its lease is taken over."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from store.models import OutboxMessage

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
PERMANENT = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
        "cannot_dm_bot",
        "user_disabled",
    }
)
METADATA_TYPE = "assessbot_outbox"


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    retry: list[str] = field(default_factory=list)


def drain(
    sessions: sessionmaker[Session],
    client: WebClient,
    *,
    now: Callable[[], datetime],
    keys: Sequence[str] | None = None,
    limit: int = 200,
) -> Report:
    """Send what is due (only `keys`, when given: what the current request just wrote)."""
    report = Report()
    for row_id, key in _due(sessions, now(), keys, limit):
        if not _claim(sessions, row_id, now()):
            continue
        _send_one(sessions, client, row_id, key, now, report)
    return report


def _due(
    sessions: sessionmaker[Session], now: datetime, keys: Sequence[str] | None, limit: int
) -> list[tuple[int, str]]:
    query = select(OutboxMessage.id, OutboxMessage.idempotency_key).where(
        OutboxMessage.status == "pending", OutboxMessage.send_after <= now
    )
    if keys is not None:
        query = query.where(OutboxMessage.idempotency_key.in_(list(keys)))
    with sessions() as session:
        rows = session.execute(
            query.order_by(OutboxMessage.send_after, OutboxMessage.id).limit(limit)
        )
        return [(row[0], row[1]) for row in rows]


def _claim(sessions: sessionmaker[Session], row_id: int, now: datetime) -> bool:
    with sessions() as session, session.begin():
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.status == "pending",
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .values(claimed_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
        )
        return bool(getattr(result, "rowcount", 0))


def _send_one(
    sessions: sessionmaker[Session],
    client: WebClient,
    row_id: int,
    key: str,
    now: Callable[[], datetime],
    report: Report,
) -> None:
    with sessions() as session:
        row = session.get_one(OutboxMessage, row_id)
        recipient, payload, attempts = row.recipient, dict(row.payload), row.attempts
    try:
        channel = _channel_for(client, recipient)
        ts = _already_sent(client, channel, key) if attempts > 1 else None
        if ts is None:
            posted = client.chat_postMessage(
                channel=channel,
                text=payload.get("text", ""),
                blocks=payload.get("blocks") or None,
                metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
            )
            ts = posted["ts"]
    except SlackApiError as exc:
        _failed(sessions, row_id, key, exc, now(), report)
        return
    with sessions() as session, session.begin():
        row = session.get_one(OutboxMessage, row_id)
        row.status, row.sent_at, row.slack_ts, row.claimed_until = "sent", now(), ts, None
    report.sent.append(key)


def _channel_for(client: WebClient, recipient: str) -> str:
    if recipient[:1] in ("U", "W"):
        return str(client.conversations_open(users=recipient)["channel"]["id"])
    return recipient


def _already_sent(client: WebClient, channel: str, key: str) -> str | None:
    """After a crash between posting and recording, Slack's copy tells whether it went out."""
    try:
        history = client.conversations_history(channel=channel, limit=100, include_all_metadata=True)
    except SlackApiError:
        return None  # no readable history: the send itself will say what is wrong
    messages: list[dict[str, Any]] = history.get("messages", [])
    for message in messages:
        meta = message.get("metadata") or {}
        if (
            meta.get("event_type") == METADATA_TYPE
            and meta.get("event_payload", {}).get("key") == key
        ):
            return str(message["ts"])
    return None


def _failed(
    sessions: sessionmaker[Session],
    row_id: int,
    key: str,
    exc: SlackApiError,
    now: datetime,
    report: Report,
) -> None:
    error = str(exc.response.get("error", "")) or f"http_{exc.response.status_code}"
    with sessions() as session, session.begin():
        row = session.get_one(OutboxMessage, row_id)
        row.last_error, row.claimed_until = error, None
        if error in PERMANENT:
            row.status = "failed"
            report.failed.append(key)
            return
        retry_after = (
            int(exc.response.headers.get("Retry-After", 0) or 0)
            if exc.response.status_code == 429
            else 0
        )
        backoff = max(retry_after, min(2**row.attempts, 600))
        row.send_after = now + timedelta(seconds=backoff)
        report.retry.append(key)
    log.warning("outbox %s: %s; will retry", key, error)
