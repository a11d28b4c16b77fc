"""Requests from people of partner organisations (Slack Connect).

Slack sends the bot requests from members of other organisations who share a channel with it
(clicks on its messages, modals opened from them, thread replies); slash commands only come from
the workspace the bot is installed in. Such a request is served only when its person accepted an
invitation of one jurisdiction (they are its participant, or wait for an admin's approval) from
that same organisation, and, when the request names a channel, only from that jurisdiction's
shared channel. While it is served, the person is confined to that jurisdiction: `load_actor`
sees only their roles there, so nothing of another jurisdiction becomes reachable to them.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.enums import InviteStatus
from store.models import ConnectInvite, SharedChannel

# The jurisdictions the current request's person may act for; None: not a partner's request.
_confined: ContextVar[tuple[str, ...] | None] = ContextVar("partner_confined", default=None)
ADMITTED = (InviteStatus.APPROVAL, InviteStatus.JOINED)


def partner_scope(
    session: Session, *, user: str, team: str, channel: str | None
) -> tuple[str, ...]:
    """The jurisdictions a request from `user` of organisation `team` may act for (none:
    refused). A request from a channel is served only from its jurisdiction's shared channel
    (or the person's DM with the bot)."""
    admitted = set(
        session.scalars(
            select(ConnectInvite.jurisdiction_code).where(
                ConnectInvite.user_id == user,
                ConnectInvite.team_id == team,
                ConnectInvite.status.in_(ADMITTED),
            )
        )
    )
    if channel is None or channel.startswith("D"):
        # a modal (no channel), or their DM with the bot, which Slack allows once they share a
        # channel with it (https://api.slack.com/apis/channels-between-orgs#members): where they
        # were admitted, and nowhere else
        return tuple(sorted(admitted))
    shared = session.scalar(
        select(SharedChannel.jurisdiction_code).where(SharedChannel.channel_id == channel)
    )
    return (shared,) if shared in admitted else ()


def confine(jurisdictions: tuple[str, ...] | None) -> None:
    """Set for the current request (the edge calls it on every request, None for its own team)."""
    _confined.set(jurisdictions)


def confined() -> tuple[str, ...] | None:
    return _confined.get()
