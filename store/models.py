"""SQLAlchemy models. Every datetime is aware UTC; dates are calendar dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.enums import CycleStatus, OutboxStatus, Role
from store.types import UTCDateTime

ROLES = tuple(Role)


class Base(DeclarativeBase):
    pass


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


class Review(Base):
    """Append-only POC decisions on an answer version: accept, or ask for changes."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(12))  # Decision: accepted | changes
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(32))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Submission(Base):
    """A POC's hand-in; it locks the answers until `reopened_at` is set."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_scope", "cycle_id", "jurisdiction_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    submitted_by: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


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


class HomeChoice(Base):
    """Which of their jurisdictions a person last chose to see on their App Home."""

    __tablename__ = "home_choices"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime)
