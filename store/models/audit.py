"""The audit trail of administrative changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base
from store.types import UTCDateTime


class AuditEvent(Base):
    """Append-only: who exported, reported, backed up, restored, forgot or purged what, and when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))  # "operator:<login>" or a Slack user id
    # export | report | backup | restore | forget | purge
    action: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(Text)
