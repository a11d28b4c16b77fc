"""The gate that keeps forgotten people forgotten.

Forgetting someone stores only keyed hashes (HMAC-SHA256 with the forget key from the settings:
`FORGET_KEY`, or `SLACK_SIGNING_SECRET` when it is unset) of their Slack user id and email
addresses. Without the key, the hashes cannot be tested against a guessed id; with it, the bot
recognises the person when Slack, an import or a lookup names them again.

Every session the bot opens carries the key (`make_session_factory`), and a flush that would
store a forgotten person again is stopped here, whatever path it came by: a cached name is
dropped quietly (Slack sends profile changes for everyone), as is a Home choice; a participant
row raises
`ForgottenPerson` (the workflows refuse earlier, with a sentence for the person).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.models import HomeChoice, Participant, SlackName, Tombstone

KEY = "forget_key"  # where a session's info holds the key


class ForgottenPersonError(RuntimeError):
    """A participant row for a forgotten person reached the database: no workflow refused it."""


def digest(session: Session, value: str) -> str:
    key = str(session.info.get(KEY, "")).encode("utf-8")
    text = value.strip().casefold().encode("utf-8")
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def bury(session: Session, values: Iterable[str], *, now: datetime) -> None:
    """Remember these ids and email addresses as forgotten (again is fine)."""
    for found in sorted({digest(session, v) for v in values if v.strip()}):
        if session.get(Tombstone, found) is None:
            session.add(Tombstone(digest=found, buried_at=now))
    session.flush()


def forgotten(session: Session, values: Iterable[str]) -> set[str]:
    """Those of `values` (ids or email addresses) that belong to a forgotten person."""
    wanted = {digest(session, v): v for v in values if v and v.strip()}
    if not wanted:
        return set()
    with session.no_autoflush:
        found = session.scalars(select(Tombstone.digest).where(Tombstone.digest.in_(wanted)))
        return {wanted[d] for d in found}


def exhume(session: Session, value: str) -> bool:
    """Lift the tombstone of one id or email address; False when there was none."""
    result = session.execute(delete(Tombstone).where(Tombstone.digest == digest(session, value)))
    return bool(getattr(result, "rowcount", 0))


def gate(session: Session, _context: Any, _instances: Any) -> None:
    """before_flush: forgotten people's names (and Home choices) are dropped, their participant
    rows refused."""
    names = [o for o in session.new if isinstance(o, SlackName | HomeChoice)]
    people = [o for o in session.new if isinstance(o, Participant)]
    if not names and not people:
        return
    ids = {n.user_id for n in names} | {p.slack_user_id for p in people}
    gone = forgotten(session, [*ids, *(p.email or "" for p in people)])
    if not gone:
        return
    for name in names:
        if name.user_id in gone:
            session.expunge(name)
    if any(p.slack_user_id in gone or (p.email or "") in gone for p in people):
        raise ForgottenPersonError("a forgotten person may only be added again deliberately")
