"""Forget a person: their Slack user id, email addresses, cached name and the ids of their direct
message channels with the bot are replaced everywhere by one random pseudonym, so the
jurisdiction keeps its answers and history, attributed to "forgotten-…", while nothing in the
store can lead back to the person. A tombstone (keyed hashes of the id and email addresses, see
`store/tombstones.py`) keeps Slack's events, contact imports and lookups from bringing them
back; only a deliberate `readmit`, which is audited, lifts it."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.workflows import policy
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.privacy import audit, scrub
from bot.workflows.privacy.audit import Audited
from store import tombstones
from store.enums import OutboxStatus
from store.models import OutboxMessage, Participant, SlackName, Walk

SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,31}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PSEUDONYM_PREFIX = "forgotten-"
TYPED_LIMIT = 80  # characters of what someone typed that a refusal repeats


@dataclass(frozen=True)
class Forgotten:
    pseudonym: str
    values: int  # stored values rewritten (a row may hold several), across every table
    cancelled: int  # messages to the person that were still waiting to be sent


def forget_person(session: Session, *, who: str, actor: str, now: datetime) -> Forgotten:
    """Replace the person `who` (a Slack user id, or an email address known from contacts) by a
    pseudonym in every table, cancel messages still waiting to go to them, end their roles, and
    record it in the audit log (with the pseudonym, never the id). Refused when nothing is
    stored about them."""
    user, emails = _identifiers(session, who.strip())
    if not emails and not scrub.mentioned(session, [user]):
        raise NotFound(
            "Nothing is stored about {user} (or they were forgotten already).", user=user
        )
    pseudonym = PSEUDONYM_PREFIX + secrets.token_hex(5)
    cancelled = _cancel_messages(session, user)
    _end_roles(session, user, now)
    names = _drop_names(session, user)
    channels = _direct_channels(session, user)
    values = scrub.replace_everywhere(session, [user, *emails, *channels], names, pseudonym)
    tombstones.bury(session, [user, *emails], now=now)
    scope = f"a person, now {pseudonym}: {values} values rewritten, {cancelled} messages cancelled"
    audit.record(session, actor=actor, action=Audited.FORGET, scope=scope, now=now)
    return Forgotten(pseudonym, values, cancelled)


def may_forget(session: Session, *, user: str) -> None:
    """Refused unless `user` is a Committee member."""
    policy.check(policy.load_actor(session, user), policy.Action.FORGET)


def forget_by_committee(session: Session, *, user: str, who: str, now: datetime) -> Forgotten:
    """A Committee member forgets someone from Slack; not themselves (an operator can)."""
    may_forget(session, user=user)
    if who.strip().upper() == user:
        raise InvalidInput(
            "You cannot forget yourself here; ask another Committee member or the operator "
            "(`python -m bot people forget`)."
        )
    return forget_person(session, who=who, actor=user, now=now)


def _identifiers(session: Session, who: str) -> tuple[str, list[str]]:
    """The Slack user id and every email address stored with it."""
    if EMAIL.match(who):
        wanted = who.casefold()  # in Python: SQLite's lower() folds ASCII only
        users = {
            user
            for user, email in session.execute(
                select(Participant.slack_user_id, Participant.email).where(Participant.email != "")
            )
            if email.strip().casefold() == wanted
        }
        if len(users) != 1:
            raise NotFound(
                "No one with the email address {email} is stored; give the user id.",
                email=who[:TYPED_LIMIT],
            )
        user = users.pop()
    elif SLACK_USER.match(who.upper()):
        user = who.upper()
    else:
        raise InvalidInput(
            "“{text}” is neither a Slack user id (U…) nor an email address.",
            text=who[:TYPED_LIMIT],
        )
    emails = session.scalars(
        select(Participant.email).where(Participant.slack_user_id == user, Participant.email != "")
    )
    return user, sorted(set(emails))


def _drop_names(session: Session, user: str) -> list[str]:
    """Forget the cached Slack name, returning it so text that repeats it is rewritten too
    (names of one or two letters are left: too likely to be part of other words)."""
    names = list(session.scalars(select(SlackName.name).where(SlackName.user_id == user)))
    session.execute(delete(SlackName).where(SlackName.user_id == user))
    return [n for n in names if len(n.strip()) > 2]


def _direct_channels(session: Session, user: str) -> list[str]:
    """The ids of the person's direct message channels with the bot, which Slack maps back to
    them (`conversations.info`); shared channels where they answered are not theirs alone."""
    channels = session.scalars(select(Walk.channel_id).where(Walk.slack_user_id == user))
    return sorted({c for c in channels if c.startswith("D")})


def readmit(session: Session, *, who: str, actor: str, now: datetime) -> bool:
    """Lift a forgotten person's tombstone (their Slack user id or an email address), so they
    can be added again; recorded in the audit log. False when no tombstone matched."""
    value = who.strip()
    if not (EMAIL.match(value) or SLACK_USER.match(value.upper())):
        raise InvalidInput(
            "“{text}” is neither a Slack user id (U…) nor an email address.",
            text=value[:TYPED_LIMIT],
        )
    lifted = tombstones.exhume(session, value if EMAIL.match(value) else value.upper())
    if lifted:
        scope = "a forgotten person may be added again (their own request)"
        audit.record(session, actor=actor, action=Audited.READMIT, scope=scope, now=now)
    return lifted


def readmit_by_committee(session: Session, *, user: str, who: str, now: datetime) -> bool:
    """A Committee member lets a forgotten person be added again (audited under their id)."""
    may_forget(session, user=user)
    return readmit(session, who=who, actor=user, now=now)


def _cancel_messages(session: Session, user: str) -> int:
    """Messages still waiting to go to the person are never sent (nor reported as failures)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient == user, OutboxMessage.status == OutboxStatus.PENDING)
        .values(
            status=OutboxStatus.FAILED,
            last_error="recipient forgotten",
            failure_reported=True,
            claimed_until=None,
            claim_token=None,
            sent_at=None,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _end_roles(session: Session, user: str, now: datetime) -> None:
    """A forgotten person takes part no more; their cached Slack profile data goes too."""
    for row in session.scalars(select(Participant).where(Participant.slack_user_id == user)):
        if row.active:
            row.active, row.revoked_at = False, now
        row.tz, row.tz_checked_at, row.away_until, row.snoozed_until = None, None, None, None
    session.flush()
