"""A point of contact invites agencies and organisations (changes and revocations: members.py).

Agency rows keep their history: a revoked member's row stays (inactive), so what they answered is
still attributed to them, and a new invitation after a revocation is a new row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import cycles
from bot.workflows.errors import InvalidInput
from bot.workflows.notices import Compose
from bot.workflows.people.forms import home_code, poc_actor
from bot.workflows.people.membership import (
    Dm,
    Outcome,
    active_rows,
    cycle_context,
    dm,
    grants,
    place,
    refuse_forgotten,
    send,
    topic_slugs,
    topics_of,
)
from bot.workflows.policy import invitee_refused, load_actor
from bot.workflows.sentences import People
from store.enums import Role
from store.models import Participant

AGENCY_LIMIT = 200  # the column's size
MAX_INVITEES = 20
ADD, REPLACE = "add", "replace"  # what an invitation does to someone already taking part
Before = tuple[str, list[str]] | None  # an agency row's name and topics before (None: new)


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
    mode: str = ADD,
) -> Outcome:
    """Add agency participants of the POC's jurisdiction and DM each invitation once. Someone
    already taking part gets the chosen topics added to theirs (ADD) or instead of them
    (REPLACE), and a DM saying what changed."""
    inviter = poc_actor(session, user)
    jurisdiction = home_code(inviter)
    agency, slugs = clean_agency(agency), topic_slugs(catalog, topics)
    people = list(dict.fromkeys(invitees))
    if not people:
        raise InvalidInput("Choose at least one person to invite, or give an email address.")
    if len(people) > MAX_INVITEES:
        raise InvalidInput(f"Invite at most {MAX_INVITEES} people at a time.")
    if mode not in (ADD, REPLACE):
        raise InvalidInput("Choose whether to add to their topic areas or replace them.")
    refuse_forgotten(session, people)
    out = Outcome()
    for person in people:
        refused = invitee_refused(inviter, load_actor(session, person), jurisdiction)
        if refused is not None:
            raise refused
        member, before = _upsert(
            session, catalog, jurisdiction, person, agency, slugs, by=user, now=now, mode=mode
        )
        if before != (member.agency, list(member.topics or ())):
            notice = invitation(session, catalog, member, by=user, before=before)
            send(session, compose, notice, now, out)
    out.redraw(user, *people)
    covered = ", ".join(t.name for t in topics_of(catalog, slugs)) if slugs else "every topic area"
    out.say(
        "Invited {named} for *{agency}*: {covered}.",
        named=People(tuple(people)),
        agency=agency,
        covered=covered,
    )
    return out


def invitation(
    session: Session, catalog: Catalog, member: Participant, *, by: str, before: Before = None
) -> Dm:
    """The DM an invited member gets, or (`before`: their agency and topics until now) the one
    saying what changed; its key changes only with what it says."""
    jurisdiction = place(session, member.jurisdiction_code or "")
    said = f"{member.agency}|{','.join(member.topics or ())}"
    digest = hashlib.sha256(said.encode()).hexdigest()[:16]
    count = grants(session, member.slack_user_id, jurisdiction.code, Role.AGENCY)
    several = len(load_actor(session, member.slack_user_id).jurisdictions) > 1
    return dm(
        f"invite:{jurisdiction.code}:{member.slack_user_id}:{count}:{digest}",
        "invitation",
        member.slack_user_id,
        jurisdiction=jurisdiction.name,
        by=by,
        agency=member.agency,
        topics=[{"slug": t.slug, "name": t.name} for t in topics_of(catalog, member.topics or ())],
        cycle=cycle_context(cycles.open_cycle(session)),
        updated=before is not None,
        code=jurisdiction.code if several else "",  # Start buttons then name the jurisdiction
        **_changes(catalog, before, member.topics or []),
    )


def clean_agency(text: str) -> str:
    agency = " ".join(text.split())
    if not agency:
        raise InvalidInput("Give the agency or organisation's name.")
    if len(agency) > AGENCY_LIMIT:
        raise InvalidInput(f"The agency name can be at most {AGENCY_LIMIT} characters.")
    return agency


def _changes(catalog: Catalog, before: Before, after: list[str]) -> dict[str, list[str]]:
    """Topic names added and removed, for the DM to someone whose part changed."""
    if before is None:
        return {"added": [], "removed": []}
    was = {t.slug for t in topics_of(catalog, before[1])}
    now = {t.slug for t in topics_of(catalog, after)}
    return {
        "added": [t.name for t in catalog.topics if t.slug in now - was],
        "removed": [t.name for t in catalog.topics if t.slug in was - now],
    }


def _upsert(
    session: Session,
    catalog: Catalog,
    jurisdiction: str,
    user: str,
    agency: str,
    topics: list[str],
    *,
    by: str,
    now: datetime,
    mode: str,
) -> tuple[Participant, Before]:
    """The active agency row of `user` here, created or updated, with its agency and topics
    before (None: a new row)."""
    rows = active_rows(session, role=Role.AGENCY, user=user, jurisdiction=jurisdiction)
    before: Before = None
    if rows:
        member = rows[0]
        before = (member.agency, list(member.topics or ()))
        if mode == ADD:
            topics = _joined(catalog, before[1], topics)
        if before == (agency, topics):
            return member, before
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
    return member, before


def _joined(catalog: Catalog, had: list[str], chosen: list[str]) -> list[str]:
    """Both sets of topics, in catalog order; [] (every topic) on either side means every topic."""
    if not had or not chosen:
        return []
    return topic_slugs(catalog, [*had, *chosen])
