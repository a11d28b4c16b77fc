"""People from other organisations: each jurisdiction's Slack Connect channel and the
invitations by email sent to it (see docs/SLACK_CONNECT.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from store.enums import InviteStatus
from store.models.base import Base
from store.types import UTCDateTime


class SharedChannel(Base):
    """The one channel a jurisdiction shares with its partner organisations, kept across cycles
    so an agency accepts (and its admins approve) the connection once, not every year."""

    __tablename__ = "shared_channels"

    jurisdiction_code: Mapped[str] = mapped_column(
        ForeignKey("jurisdictions.code"), primary_key=True
    )
    channel_id: Mapped[str] = mapped_column(String(32), unique=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConnectInvite(Base):
    """One email invited to a jurisdiction's shared channel, with the part the person gets when
    Slack says they joined. Rows are kept after they end (declined, expired, cancelled)."""

    __tablename__ = "connect_invites"
    __table_args__ = (
        Index("ix_connect_invites_place", "jurisdiction_code", "status"),
        Index("ix_connect_invites_slack", "invite_id"),
        Index("ix_connect_invites_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jurisdiction_code: Mapped[str] = mapped_column(ForeignKey("jurisdictions.code"))
    email: Mapped[str] = mapped_column(String(254))
    agency: Mapped[str] = mapped_column(String(200))
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every topic
    invited_by: Mapped[str] = mapped_column(String(32))
    invite_id: Mapped[str] = mapped_column(
        String(32)
    )  # Slack's id, from conversations.inviteShared
    status: Mapped[str] = mapped_column(String(12), default=InviteStatus.PENDING)
    user_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # once accepted
    team_id: Mapped[str | None] = mapped_column(String(32), nullable=True)  # their organisation
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the last send (a resend moves it)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
