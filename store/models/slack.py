"""What the bot owes Slack and remembers of it: outbox, handled events, names, Home choices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.enums import OutboxStatus
from store.models.base import Base
from store.types import UTCDateTime


class OutboxMessage(Base):
    """A message that must go out exactly once; the key makes a second enqueue a no-op."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "send_after"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    # A channel id, or a user id to be opened as a DM at send time.
    recipient: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING)  # OutboxStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    send_after: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Who holds the claim: a dispatcher posts only while the row still carries its token.
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    slack_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    failure_reported: Mapped[bool] = mapped_column(Boolean, default=False)


class ProcessedEvent(Base):
    """Events API deliveries already handled, so a retry does not act twice."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SlackName(Base):
    """A person's display name as Slack last told it (users.info, or a user_change event)."""

    __tablename__ = "slack_names"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HomeChoice(Base):
    """Which of their jurisdictions a person last chose to see on their App Home."""

    __tablename__ = "home_choices"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime)
