"""Which jurisdiction's Home a person in several sees: their last choice, remembered per person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.workflows import policy
from store.models import HomeChoice


def chosen(session: Session, user: str) -> str | None:
    row = session.get(HomeChoice, user)
    return row.jurisdiction_code if row else None


def choose(session: Session, *, user: str, jurisdiction: str, now: datetime) -> bool:
    """Remember `jurisdiction` for `user`'s Home; False (nothing stored) where they take no part,
    so a stale menu only redraws the Home they may see."""
    code = jurisdiction.strip().upper()
    if not policy.may_see_home_of(policy.load_actor(session, user), code):
        return False
    row = session.get(HomeChoice, user)
    if row is None:
        session.add(HomeChoice(user_id=user, jurisdiction_code=code, chosen_at=now))
    else:
        row.jurisdiction_code, row.chosen_at = code, now
    session.flush()
    return True
