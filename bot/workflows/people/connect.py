"""Inviting people from other organisations by email, through the jurisdiction's Slack Connect
channel (docs/SLACK_CONNECT.md). Slack is called between two units of work: `plan` checks the
request and names the channel, the caller creates the channel (`record_channel`) and sends one
`conversations.inviteShared` per address, and `record_sent` keeps only what Slack accepted, so a
refused or failed send leaves nothing half-written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.people.forms import home_code, poc_actor
from bot.workflows.people.invitations import MAX_INVITEES, clean_agency
from bot.workflows.people.membership import Outcome, place, topic_slugs, topics_of
from store.enums import InviteStatus
from store.models import ConnectInvite, SharedChannel

# Still waiting for an answer from the person (APPROVAL: they accepted, an admin has not yet).
OPEN = (InviteStatus.PENDING, InviteStatus.APPROVAL)
_EMAIL = re.compile(r"[^@\s<>|]+@[^@\s<>|]+\.[^@\s<>|]+")
EMAIL_LIMIT = 254


@dataclass(frozen=True)
class Plan:
    """What one invitation by email will do, checked before Slack is called."""

    jurisdiction: str
    channel: str | None  # the jurisdiction's shared channel; None: to be created
    channel_name: str  # the name to create it with
    emails: tuple[str, ...]
    agency: str
    topics: tuple[str, ...]
    already: tuple[str, ...] = ()  # addresses with an invitation still open, not sent again


def plan(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    emails: Sequence[str],
    agency: str,
    topics: Sequence[str],
) -> Plan:
    """Refused unless `user` is a point of contact; checks the addresses, agency and topics."""
    code = home_code(poc_actor(session, user))
    cleaned = clean_emails(emails)
    open_ = set(_open_emails(session, code))
    channel = session.get(SharedChannel, code)
    return Plan(
        jurisdiction=code,
        channel=channel.channel_id if channel else None,
        channel_name=f"assess-{code.lower()}",
        emails=tuple(e for e in cleaned if e not in open_),
        agency=clean_agency(agency),
        topics=tuple(topic_slugs(catalog, topics)),
        already=tuple(e for e in cleaned if e in open_),
    )


def clean_emails(emails: Sequence[str]) -> list[str]:
    """The addresses, lower-cased, each once; refuses anything that is not one address."""
    cleaned = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if len(cleaned) > MAX_INVITEES:
        raise InvalidInput(f"Invite at most {MAX_INVITEES} people at a time.")
    for email in cleaned:
        if len(email) > EMAIL_LIMIT or not _EMAIL.fullmatch(email):
            raise InvalidInput("“{email}” is not an email address.", email=email)
    return cleaned


def record_channel(
    session: Session, *, jurisdiction: str, channel: str, by: str, now: datetime
) -> str:
    """Keep the channel Slack just created; if another request kept one first, that one wins."""
    found = session.get(SharedChannel, jurisdiction)
    if found is not None:
        return found.channel_id
    session.add(
        SharedChannel(
            jurisdiction_code=jurisdiction, channel_id=channel, created_by=by, created_at=now
        )
    )
    session.flush()
    return channel


def record_sent(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    plan: Plan,
    sent: Sequence[tuple[str, str]],
    now: datetime,
) -> Outcome:
    """One pending invitation per (email, Slack invite id) that Slack accepted to send."""
    out = Outcome()
    for email, invite_id in sent:
        session.add(
            ConnectInvite(
                jurisdiction_code=plan.jurisdiction,
                email=email,
                agency=plan.agency,
                topics=list(plan.topics),
                invited_by=user,
                invite_id=invite_id,
                status=InviteStatus.PENDING,
                created_at=now,
                sent_at=now,
            )
        )
    session.flush()
    if sent:
        names = [t.name for t in topics_of(catalog, plan.topics)]
        covered = ", ".join(names) if plan.topics else "every topic area"
        out.say(
            "Invited {emails} for *{agency}* ({covered}) to {place}'s shared channel through "
            "Slack Connect. They take part once they accept; `/assess people` shows who is "
            "still pending.",
            emails=", ".join(e for e, _ in sent),
            agency=plan.agency,
            covered=covered,
            place=place(session, plan.jurisdiction).name,
        )
    if plan.already:
        out.say(
            "Already invited and still pending, not sent again: {emails}.",
            emails=", ".join(plan.already),
        )
    out.redraw(user)
    return out


def _open_emails(session: Session, jurisdiction: str) -> list[str]:
    return list(
        session.scalars(
            select(ConnectInvite.email).where(
                ConnectInvite.jurisdiction_code == jurisdiction, ConnectInvite.status.in_(OPEN)
            )
        )
    )
