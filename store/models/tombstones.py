"""Forgotten people, as keyed hashes only: enough to refuse bringing them back, nothing more."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base
from store.types import UTCDateTime


class Tombstone(Base):
    """HMAC-SHA256 (hex) of a forgotten person's Slack user id or casefolded email address."""

    __tablename__ = "tombstones"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    buried_at: Mapped[datetime] = mapped_column(UTCDateTime)
