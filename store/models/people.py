"""Who takes part, where, and in which assessment cycle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.enums import CycleStatus, Role
from store.models.base import Base
from store.types import UTCDateTime

ROLES = tuple(Role)


class Jurisdiction(Base):
    __tablename__ = "jurisdictions"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # state | district | territory
    tz: Mapped[str] = mapped_column(String(64))


class Cycle(Base):
    __tablename__ = "cycles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=CycleStatus.OPEN)  # CycleStatus
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the retention purge removed its notes and history (RETENTION_DAYS, `cycle purge`).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Participant(Base):
    __tablename__ = "participants"
    __table_args__ = (Index("ix_participants_user", "slack_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slack_user_id: Mapped[str] = mapped_column(String(32))
    jurisdiction_code: Mapped[str | None] = mapped_column(ForeignKey("jurisdictions.code"))
    role: Mapped[str] = mapped_column(String(12))  # Role
    agency: Mapped[str] = mapped_column(String(200), default="")
    # Topic slugs an agency may answer; empty means every topic.
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str] = mapped_column(String(254), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    invited_by: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    tz: Mapped[str | None] = mapped_column(String(64), nullable=True)  # from Slack users.info
    tz_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    away_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
