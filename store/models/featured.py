"""Practices the Committee chose to feature in its reports: one answer's note each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base
from store.types import UTCDateTime


class FeaturedPractice(Base):
    """A row while the practice is featured; removing the feature deletes it (the audit trail
    keeps who featured and removed what, and when)."""

    __tablename__ = "featured_practices"
    __table_args__ = (
        UniqueConstraint("cycle_id", "jurisdiction_code", "recommendation_id", name="uq_featured"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    recommendation_id: Mapped[str] = mapped_column(String(16))
    featured_by: Mapped[str] = mapped_column(String(80))  # a Slack user id or "operator:<login>"
    featured_at: Mapped[datetime] = mapped_column(UTCDateTime)
