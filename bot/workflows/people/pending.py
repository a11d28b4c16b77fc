"""The invitations by email a point of contact sees on App Home and in `/assess people`: who is
still pending and since when, and those that ended without the person joining."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.people.forms import home_code, poc_actor
from store.enums import InviteStatus
from store.models import ConnectInvite

SHOWN = 25  # the most recent invitations listed
ENDED_SHOWN_FOR = timedelta(days=30)  # a declined or expired invitation stays listed this long
LISTED = (
    InviteStatus.PENDING,
    InviteStatus.APPROVAL,
    InviteStatus.DECLINED,
    InviteStatus.EXPIRED,
)


@dataclass(frozen=True)
class PendingInvite:
    row: int
    email: str
    agency: str
    status: str  # InviteStatus
    since: datetime  # sent (pending), or ended (declined, expired)


def pending_invites(
    session: Session, jurisdiction: str, *, now: datetime
) -> tuple[PendingInvite, ...]:
    """Open invitations, then those that ended in the last month, newest first."""
    rows = session.scalars(
        select(ConnectInvite)
        .where(
            ConnectInvite.jurisdiction_code == jurisdiction,
            ConnectInvite.status.in_(LISTED),
        )
        .order_by(ConnectInvite.sent_at.desc(), ConnectInvite.id.desc())
    )
    shown = [
        PendingInvite(r.id, r.email, r.agency, r.status, r.resolved_at or r.sent_at)
        for r in rows
        if r.resolved_at is None or r.resolved_at >= now - ENDED_SHOWN_FOR
    ]
    return tuple(shown[:SHOWN])


def people_view(
    session: Session, *, user: str, now: datetime
) -> tuple[str, tuple[PendingInvite, ...]]:
    """`/assess people`: refused unless `user` is a point of contact."""
    code = home_code(poc_actor(session, user))
    return code, pending_invites(session, code, now=now)
