"""A participant's own pause on reminders: snooze from a digest, or away until a date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows import policy
from bot.workflows.errors import InvalidInput
from bot.workflows.reminders.schedule import snooze_one_day, snooze_until_monday
from bot.workflows.reminders.workdays import zone
from store.models import Jurisdiction, Participant

SNOOZES = {"day": snooze_one_day, "monday": snooze_until_monday}
AWAY_LIMIT = timedelta(days=366)


def snooze(session: Session, *, user: str, length: str, default_tz: str, now: datetime) -> datetime:
    """Pause this person's reminders until 09:00 local on the next working day ("day") or next
    Monday ("monday"); a digest follows then if anything is still open. Returns the end."""
    rows = _own_rows(session, user)
    until = SNOOZES[length](now, _zone_of(session, rows[0], default_tz))
    for row in rows:
        row.snoozed_until = until
    session.flush()
    return until


def set_away(session: Session, *, user: str, back_on: date | None, now: datetime) -> date | None:
    """No reminders before `back_on` (None clears it). Refuses a day in the past or over a year
    ahead, so a typo cannot silence someone for good."""
    rows = _own_rows(session, user)
    if (
        back_on is not None
        and not now.date() - timedelta(days=1) <= back_on <= (now + AWAY_LIMIT).date()
    ):
        raise InvalidInput("Pick a day from today to a year ahead; nothing was changed.")
    for row in rows:
        row.away_until = back_on
    session.flush()
    return back_on


def away_until(session: Session, *, user: str) -> date | None:
    """The date currently set, to pre-fill the form."""
    rows = _own_rows(session, user)
    return max((r.away_until for r in rows if r.away_until), default=None)


def _own_rows(session: Session, user: str) -> list[Participant]:
    """Every active role of this person (a pause covers them all); refused to non-participants."""
    policy.check(policy.load_actor(session, user), policy.Action.VIEW)
    rows = list(
        session.scalars(
            select(Participant)
            .where(Participant.slack_user_id == user, Participant.active.is_(True))
            .order_by(Participant.role.desc(), Participant.id)
        )
    )
    if not rows:
        raise InvalidInput("You are not a participant in this assessment yet.")
    return rows


def _zone_of(session: Session, row: Participant, default_tz: str) -> ZoneInfo:
    place = session.get(Jurisdiction, row.jurisdiction_code) if row.jurisdiction_code else None
    return zone(row.tz, place.tz if place else default_tz)
