"""One person going through one topic in a Slack thread: what it posted and where it is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base
from store.types import UTCDateTime


class Walk(Base):
    """One person's threaded conversation about one topic."""

    __tablename__ = "walks"
    __table_args__ = (
        UniqueConstraint("cycle_id", "jurisdiction_code", "slack_user_id", "topic"),
        UniqueConstraint("channel_id", "thread_ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(40))
    channel_id: Mapped[str] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)  # None until posted
    current_recommendation_id: Mapped[str | None] = mapped_column(String(12), nullable=True)
    current_message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Recommendations skipped in this walk, so "next unanswered" moves past them.
    skipped: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Recommendation id -> the thread messages showing it, oldest first: a click redraws one of
    # these, never a message the request names.
    messages: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    summary_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_recommendation_id: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # Messages Slack failed to redraw (recommendation ids, "summary", "parent").
    outdated: Mapped[list[str]] = mapped_column(JSON, default=list)
    # When the topic message's progress is next redrawn (by the clock, through the outbox): each
    # answer pushes it a pause further, so a burst of clicks costs one chat.update. None: shown.
    progress_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
