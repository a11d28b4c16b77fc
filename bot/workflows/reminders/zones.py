"""The cache of participants' Slack time zones (users.info `tz`), refreshed a few at a time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from store.models import Participant

MAX_AGE = timedelta(hours=24)  # people travel; a day-old zone is good enough for a 09:00 digest


def stale_zones(session: Session, *, now: datetime, limit: int) -> list[str]:
    """Users whose zone was never looked up or is older than MAX_AGE, never-looked-up first."""
    rows = session.execute(
        select(Participant.slack_user_id, Participant.tz_checked_at)
        .where(
            Participant.active.is_(True),
            or_(Participant.tz_checked_at.is_(None), Participant.tz_checked_at < now - MAX_AGE),
        )
        .order_by(Participant.tz_checked_at.asc().nulls_first(), Participant.id)
    )
    users: list[str] = []
    for user, _checked in rows:
        if user not in users:
            users.append(user)
        if len(users) >= limit:
            break
    return users


def record_zones(session: Session, found: Mapping[str, str | None], *, now: datetime) -> None:
    """Store what Slack said; None (no zone, unknown user) keeps the jurisdiction's default."""
    if not found:
        return
    # In id order, so two clocks updating the same people take their row locks in one order.
    rows = session.scalars(
        select(Participant)
        .where(Participant.slack_user_id.in_(list(found)))
        .order_by(Participant.id)
    )
    for row in rows:
        row.tz = _valid(found[row.slack_user_id])
        row.tz_checked_at = now
    session.flush()


def _valid(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
