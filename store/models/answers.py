"""Answers as they stand, and every change to them (append-only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base
from store.types import UTCDateTime


class Answer(Base):
    """The current answer; every change is also written to `answer_history`."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("cycle_id", "jurisdiction_code", "recommendation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    recommendation_id: Mapped[str] = mapped_column(String(12))
    status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    resources_needed: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(32), default="")
    agency: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class AnswerHistory(Base):
    """Append-only: one row per change of an answer, with the values before and after."""

    __tablename__ = "answer_history"
    __table_args__ = (
        UniqueConstraint("answer_id", "version"),
        Index("ix_history_scope", "cycle_id", "jurisdiction_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    recommendation_id: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    before_status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    after_status: Mapped[str | None] = mapped_column(String(40), nullable=True)
    before_notes: Mapped[str] = mapped_column(Text, default="")
    after_notes: Mapped[str] = mapped_column(Text, default="")
    before_resources: Mapped[str] = mapped_column(Text, default="")
    after_resources: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(20), default="")  # button | modal | thread | import
