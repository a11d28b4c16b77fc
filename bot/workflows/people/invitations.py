"""A point of contact invites agencies and organisations, changes their topics, revokes them.

Agency rows keep their history: a revoked member's row stays (inactive), so what they answered is
still attributed to them, and a new invitation after a revocation is a new row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import cycles
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.notices import Compose
from bot.workflows.people.membership import (
    Dm,
    Outcome,
    active_rows,
    actor_for,
    cycle_context,
    dm,
    ensure_free,
    grants,
    place,
    send,
    topic_slugs,
    topics_of,
)
from bot.workflows.policy import Action, Actor
from bot.workflows.sentences import People, someone
from store.enums import Role
from store.models import Participant

AGENCY_LIMIT = 200  # the column's size
MAX_INVITEES = 20


@dataclass(frozen=True)
class MemberForm:
    """What the invitation and edit modals show and are prefilled with."""

    jurisdiction: str
    member_id: int | None = None
    user: str = ""
    agency: str = ""
    topics: tuple[str, ...] = ()


def invite_form(session: Session, *, user: str) -> MemberForm:
    """Refused before the modal opens unless `user` is a point of contact."""
    actor = _poc(session, user)
    return MemberForm(jurisdiction=place(session, _home(actor)).name)


def invite(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    user: str,
    invitees: Sequence[str],
    agency: str,
    topics: Sequence[str],
    now: datetime,
) -> Outcome:
    """Add or update agency participants of the POC's jurisdiction and DM each invitation once."""
    jurisdiction = _home(_poc(session, user))
    agency, slugs = clean_agency(agency), topic_slugs(catalog, topics)
    people = list(dict.fromkeys(invitees))
    if not people:
        raise InvalidInput("Choose at least one person to invite.")
    if len(people) > MAX_INVITEES:
        raise InvalidInput(f"Invite at most {MAX_INVITEES} people at a time.")
    out = Outcome()
    for person in people:
        if person == user:
            raise InvalidInput("You are the point of contact already; you answer every topic.")
        ensure_free(session, person, jurisdiction)
        member, changed = _upsert(session, jurisdiction, person, agency, slugs, by=user, now=now)
        if changed:
            send(session, compose, invitation(session, catalog, member, by=user), now, out)
    out.redraw(user, *people)
    covered = ", ".join(t.name for t in topics_of(catalog, slugs)) if slugs else "every topic area"
    out.say(
        "Invited {named} for *{agency}*: {covered}.",
        named=People(tuple(people)),
        agency=agency,
        covered=covered,
    )
    return out


def member_form(session: Session, *, user: str, member_id: int) -> MemberForm:
    member = _member(session, member_id)
    actor_for(session, user, Action.INVITE, jurisdiction=member.jurisdiction_code or "")
    return MemberForm(
        jurisdiction=place(session, member.jurisdiction_code or "").name,
        member_id=member.id,
        user=member.slack_user_id,
        agency=member.agency,
        topics=tuple(member.topics or ()),
    )


def edit_member(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    user: str,
    member_id: int,
    agency: str,
    topics: Sequence[str],
    now: datetime,
) -> Outcome:
    """Change an agency member's name and topics; they are told what they now cover."""
    member = _member(session, member_id)
    actor_for(session, user, Action.INVITE, jurisdiction=member.jurisdiction_code or "")
    agency, slugs = clean_agency(agency), topic_slugs(catalog, topics)
    out = Outcome()
    out.redraw(user, member.slack_user_id)
    if (member.agency, list(member.topics or ())) == (agency, slugs):
        out.say("Nothing changed for {member}.", member=someone(member.slack_user_id))
        return out
    member.agency, member.topics, member.invited_by = agency, slugs, user
    session.flush()
    send(session, compose, invitation(session, catalog, member, by=user, updated=True), now, out)
    out.say(
        "Updated {member} ({agency}); they were told by DM.",
        member=someone(member.slack_user_id),
        agency=agency,
    )
    return out


def revoke_member(
    session: Session, compose: Compose, *, user: str, member_id: int, now: datetime
) -> Outcome:
    """End an agency member's part; their answers stay attributed to them."""
    member = _member(session, member_id)
    jurisdiction = place(session, member.jurisdiction_code or "")
    actor_for(session, user, Action.REVOKE, jurisdiction=jurisdiction.code)
    member.active, member.revoked_at = False, now
    out = Outcome()
    notice = dm(
        f"revoked:{jurisdiction.code}:{member.slack_user_id}:{member.id}",
        "revoked",
        member.slack_user_id,
        jurisdiction=jurisdiction.name,
        by=user,
    )
    send(session, compose, notice, now, out)
    out.redraw(user, member.slack_user_id)
    out.say(
        "Removed {member} ({agency}); what they answered stays theirs.",
        member=someone(member.slack_user_id),
        agency=member.agency,
    )
    return out


def invitation(
    session: Session, catalog: Catalog, member: Participant, *, by: str, updated: bool = False
) -> Dm:
    """The DM an invited (or re-assigned) member gets; its key changes only with what it says."""
    jurisdiction = place(session, member.jurisdiction_code or "")
    said = f"{member.agency}|{','.join(member.topics or ())}"
    digest = hashlib.sha256(said.encode()).hexdigest()[:16]
    count = grants(session, member.slack_user_id, jurisdiction.code, Role.AGENCY)
    return dm(
        f"invite:{jurisdiction.code}:{member.slack_user_id}:{count}:{digest}",
        "invitation",
        member.slack_user_id,
        jurisdiction=jurisdiction.name,
        by=by,
        agency=member.agency,
        topics=[{"slug": t.slug, "name": t.name} for t in topics_of(catalog, member.topics or ())],
        cycle=cycle_context(cycles.open_cycle(session)),
        updated=updated,
    )


def clean_agency(text: str) -> str:
    agency = " ".join(text.split())
    if not agency:
        raise InvalidInput("Give the agency or organisation's name.")
    if len(agency) > AGENCY_LIMIT:
        raise InvalidInput(f"The agency name can be at most {AGENCY_LIMIT} characters.")
    return agency


def _poc(session: Session, user: str) -> Actor:
    actor = actor_for(session, user, Action.INVITE)
    home = actor.home
    if (
        home is None or home.role != Role.POC
    ):  # the policy lets only a POC through; keep mypy honest
        raise InvalidInput("Only a state's point of contact can invite people.")
    return actor


def _home(actor: Actor) -> str:
    return actor.home.jurisdiction if actor.home and actor.home.jurisdiction else ""


def _member(session: Session, member_id: int) -> Participant:
    member = session.get(Participant, member_id)
    if member is None or member.role != Role.AGENCY or not member.active:
        raise NotFound("That person no longer takes part; nothing was changed.")
    return member


def _upsert(
    session: Session,
    jurisdiction: str,
    user: str,
    agency: str,
    topics: list[str],
    *,
    by: str,
    now: datetime,
) -> tuple[Participant, bool]:
    """The active agency row of `user` here, created or updated; False when already so."""
    rows = active_rows(session, role=Role.AGENCY, user=user, jurisdiction=jurisdiction)
    if rows:
        member = rows[0]
        if (member.agency, list(member.topics or ())) == (agency, topics):
            return member, False
        member.agency, member.topics, member.invited_by = agency, topics, by
    else:
        member = Participant(
            slack_user_id=user,
            jurisdiction_code=jurisdiction,
            role=Role.AGENCY,
            agency=agency,
            topics=topics,
            active=True,
            invited_by=by,
            created_at=now,
        )
        session.add(member)
    session.flush()
    return member, True
