"""Test set-up written straight to the store: people, cycles and answers that exist beforehand."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.workflows.cycles import create_cycle
from store.enums import InviteStatus
from store.models import ConnectInvite, Participant, SharedChannel


def add_participant(
    sessions: sessionmaker[Session],
    user: str,
    jurisdiction: str | None,
    role: str,
    *,
    now: datetime,
    topics: Iterable[str] = (),
    agency: str = "",
    tz: str | None = None,
    invited_by: str = "",
) -> None:
    """A participant; `tz` is their Slack zone (None: not looked up yet, the state's default)."""
    with sessions() as session, session.begin():
        session.add(
            Participant(
                slack_user_id=user,
                jurisdiction_code=jurisdiction,
                role=role,
                agency=agency,
                topics=list(topics),
                invited_by=invited_by,
                active=True,
                created_at=now,
                tz=tz,
                tz_checked_at=now if tz else None,
            )
        )


def add_cycle(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    name: str = "2027 State Self-Assessment",
    deadline: date = date(2027, 3, 31),
) -> int:
    with sessions() as session, session.begin():
        return create_cycle(session, name=name, deadline=deadline, now=now).id


def add_partner(
    sessions: sessionmaker[Session],
    user: str,
    team: str,
    jurisdiction: str,
    *,
    channel: str,
    now: datetime,
    topics: Iterable[str] = (),
    invited_by: str = "UPOC",
) -> None:
    """A person of another organisation who accepted `jurisdiction`'s Slack Connect invitation
    to `channel`: its shared channel, their joined invitation and their agency participant row."""
    with sessions() as session, session.begin():
        if session.get(SharedChannel, jurisdiction) is None:
            session.add(
                SharedChannel(
                    jurisdiction_code=jurisdiction,
                    channel_id=channel,
                    created_by=invited_by,
                    created_at=now,
                )
            )
        session.add(
            ConnectInvite(
                jurisdiction_code=jurisdiction,
                email=f"{user.lower()}@partner.example",
                agency="Partner Agency",
                topics=list(topics),
                invited_by=invited_by,
                invite_id=f"I{user}",
                status=InviteStatus.JOINED,
                user_id=user,
                team_id=team,
                created_at=now,
                sent_at=now,
                resolved_at=now,
            )
        )
    add_participant(
        sessions,
        user,
        jurisdiction,
        "agency",
        now=now,
        topics=topics,
        agency="Partner Agency",
        invited_by=invited_by,
    )
