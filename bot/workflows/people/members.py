"""A point of contact changes an agency member's name and topics, or ends their part.

Agency rows keep their history: a revoked member's row stays (inactive), so what they answered is
still attributed to them, and a new invitation after a revocation is a new row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import NotFound
from bot.workflows.notices import Compose
from bot.workflows.people.forms import MemberForm
from bot.workflows.people.invitations import clean_agency, invitation
from bot.workflows.people.membership import Outcome, actor_for, dm, place, send, topic_slugs
from bot.workflows.policy import Action
from bot.workflows.sentences import someone
from store.enums import Role
from store.models import Participant


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
    """Change an agency member's name and topics; they are told what changed."""
    member = _member(session, member_id)
    actor_for(session, user, Action.INVITE, jurisdiction=member.jurisdiction_code or "")
    agency, slugs = clean_agency(agency), topic_slugs(catalog, topics)
    out = Outcome()
    out.redraw(user, member.slack_user_id)
    before = (member.agency, list(member.topics or ()))
    if before == (agency, slugs):
        out.say("Nothing changed for {member}.", member=someone(member.slack_user_id))
        return out
    member.agency, member.topics, member.invited_by = agency, slugs, user
    session.flush()
    send(session, compose, invitation(session, catalog, member, by=user, before=before), now, out)
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


def _member(session: Session, member_id: int) -> Participant:
    member = session.get(Participant, member_id)
    if member is None or member.role != Role.AGENCY or not member.active:
        raise NotFound("That person no longer takes part; nothing was changed.")
    return member
