"""What Slack says about an invitation by email (accepted, approved, declined) and what the
clock notices (pending a week, expired); the point of contact's resend and cancel.

An accepted invitation makes the person an agency participant of the jurisdiction with the
agency and topics the point of contact chose, unless the workspace requires an admin's approval
first (the event's `approval_required`); then the approval does. Each change is told once: the
welcome in the shared channel, and a DM to the point of contact when an invitation is declined,
has been pending a week, or expired."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import cycles
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.notices import Compose
from bot.workflows.people.connect import OPEN
from bot.workflows.people.forms import home_code, poc_actor
from bot.workflows.people.membership import Outcome, cycle_context, dm, place, send, topics_of
from store.enums import InviteStatus, Role
from store.models import ConnectInvite, Participant, SharedChannel

REMIND_AFTER = timedelta(days=7)  # the point of contact hears once about a quiet invitation
# Slack's invitation objects carry `date_invalid`; the documented examples put it two weeks after
# `date_created`. An invitation nobody answered by then is told to the point of contact as expired.
EXPIRES_AFTER = timedelta(days=14)


def accepted(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    invite_id: str,
    user: str,
    team: str,
    approval_required: bool,
    now: datetime,
) -> Outcome:
    """`shared_channel_invite_accepted`: join now, or wait for the approval."""
    invite = _by_slack_id(session, invite_id)
    out = Outcome()
    if invite is None or invite.status not in OPEN:
        return out  # not ours, cancelled, or told before (a retried event)
    invite.user_id, invite.team_id = user, team
    if approval_required:
        invite.status = InviteStatus.APPROVAL
        out.redraw(invite.invited_by)
        return out
    return _join(session, catalog, compose, invite, now, out)


def approved(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    invite_id: str,
    user: str,
    team: str,
    now: datetime,
) -> Outcome:
    """`shared_channel_invite_approved`: the admin's approval makes the person a participant."""
    invite = _by_slack_id(session, invite_id)
    out = Outcome()
    if invite is None or invite.status not in OPEN:
        return out
    invite.user_id = invite.user_id or user or None
    invite.team_id = invite.team_id or team or None
    if not invite.user_id:
        return out  # Slack named nobody; the accepted event will
    return _join(session, catalog, compose, invite, now, out)


def declined(session: Session, compose: Compose, *, invite_id: str, now: datetime) -> Outcome:
    """`shared_channel_invite_declined`: by the person or an admin; the POC is told once."""
    invite = _by_slack_id(session, invite_id)
    out = Outcome()
    if invite is None or invite.status not in OPEN:
        return out
    _end(session, compose, invite, InviteStatus.DECLINED, "partner_declined", now, out)
    return out


def sweep(session: Session, compose: Compose, *, now: datetime) -> Outcome:
    """The clock's pass: tell the POC once about an invitation pending a week; expire those
    past Slack's two weeks."""
    out = Outcome()
    rows = session.scalars(
        select(ConnectInvite)
        .where(
            ConnectInvite.status == InviteStatus.PENDING,
            ConnectInvite.sent_at <= now - REMIND_AFTER,
        )
        .order_by(ConnectInvite.id)
        .with_for_update()
    )
    for invite in rows:
        if invite.sent_at <= now - EXPIRES_AFTER:
            _end(session, compose, invite, InviteStatus.EXPIRED, "partner_expired", now, out)
        elif invite.reminded_at is None:
            invite.reminded_at = now
            _tell_poc(session, compose, invite, "partner_pending", now, out)
    return out


def cancel(session: Session, *, user: str, row: int, now: datetime) -> Outcome:
    """The POC withdraws an invitation: an acceptance that still arrives makes nobody a
    participant."""
    invite = _own(session, user, row)
    out = Outcome()
    if invite.status not in OPEN:
        raise InvalidInput("That invitation is no longer pending; nothing was changed.")
    invite.status, invite.resolved_at = InviteStatus.CANCELLED, now
    out.say("Cancelled the invitation of {email}.", email=invite.email)
    out.redraw(user)
    return out


def resend_target(session: Session, *, user: str, row: int) -> tuple[str, str]:
    """The (channel, email) a resend goes to; any invitation but a joined one may be resent."""
    invite = _own(session, user, row)
    if invite.status == InviteStatus.JOINED:
        raise InvalidInput("{email} already takes part; nothing was sent.", email=invite.email)
    channel = session.get(SharedChannel, invite.jurisdiction_code)
    if channel is None:
        raise NotFound("The shared channel of this jurisdiction is gone; invite them again.")
    return channel.channel_id, invite.email


def resent(session: Session, *, user: str, row: int, invite_id: str, now: datetime) -> Outcome:
    """Slack sent the invitation again: it is pending afresh, with a fresh week and reminder."""
    invite = _own(session, user, row)
    invite.invite_id, invite.status, invite.sent_at = invite_id, InviteStatus.PENDING, now
    invite.reminded_at = invite.resolved_at = invite.user_id = invite.team_id = None
    out = Outcome()
    out.say("Sent the invitation to {email} again.", email=invite.email)
    out.redraw(user)
    return out


def _join(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    invite: ConnectInvite,
    now: datetime,
    out: Outcome,
) -> Outcome:
    assert invite.user_id is not None  # noqa: S101 - both callers set it first
    invite.status, invite.resolved_at = InviteStatus.JOINED, now
    session.add(
        Participant(
            slack_user_id=invite.user_id,
            jurisdiction_code=invite.jurisdiction_code,
            role=Role.AGENCY,
            agency=invite.agency,
            topics=list(invite.topics or ()),
            email=invite.email,
            active=True,
            invited_by=invite.invited_by,
            created_at=now,
        )
    )
    session.flush()
    channel = session.get(SharedChannel, invite.jurisdiction_code)
    if channel is not None:
        jurisdiction = place(session, invite.jurisdiction_code)
        topics = topics_of(catalog, invite.topics or ())
        welcome = dm(
            f"connect:{invite.id}:{invite.invite_id}:welcome",
            "partner_welcome",
            channel.channel_id,
            person=invite.user_id,
            by=invite.invited_by,
            jurisdiction=jurisdiction.name,
            code=jurisdiction.code,
            agency=invite.agency,
            topics=[{"slug": t.slug, "name": t.name} for t in topics],
            cycle=cycle_context(cycles.open_cycle(session)),
        )
        send(session, compose, welcome, now, out)
    out.redraw(invite.invited_by)
    return out


def _end(
    session: Session,
    compose: Compose,
    invite: ConnectInvite,
    status: InviteStatus,
    kind: str,
    now: datetime,
    out: Outcome,
) -> None:
    invite.status, invite.resolved_at = status, now
    _tell_poc(session, compose, invite, kind, now, out)


def _tell_poc(
    session: Session,
    compose: Compose,
    invite: ConnectInvite,
    kind: str,
    now: datetime,
    out: Outcome,
) -> None:
    jurisdiction = place(session, invite.jurisdiction_code)
    notice = dm(
        f"connect:{invite.id}:{invite.invite_id}:{kind}",
        kind,
        invite.invited_by,
        email=invite.email,
        agency=invite.agency,
        jurisdiction=jurisdiction.name,
        since=invite.sent_at,
    )
    send(session, compose, notice, now, out)
    out.redraw(invite.invited_by)


def _by_slack_id(session: Session, invite_id: str) -> ConnectInvite | None:
    return session.scalars(
        select(ConnectInvite)
        .where(ConnectInvite.invite_id == invite_id)
        .order_by(ConnectInvite.id.desc())
        .with_for_update()
    ).first()


def _own(session: Session, user: str, row: int) -> ConnectInvite:
    """An invitation of the POC's jurisdiction (refused for anyone but its POC)."""
    code = home_code(poc_actor(session, user))
    invite = session.get(ConnectInvite, row, with_for_update=True)
    if invite is None or invite.jurisdiction_code != code:
        raise NotFound("That invitation was not found; nothing was changed.")
    return invite
