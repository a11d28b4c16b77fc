"""Appointments the Committee makes: a jurisdiction's point of contact, a new Committee member.

A jurisdiction has one point of contact. Naming a new one ends the previous one's part (their row
turns inactive, so their answers stay attributed to them) and welcomes the new one by DM.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.workflows import cycles
from bot.workflows.notices import Compose
from bot.workflows.people.membership import (
    Dm,
    Outcome,
    active_rows,
    cycle_context,
    dm,
    ensure_free,
    grants,
    place,
    refuse_forgotten,
    send,
)
from bot.workflows.sentences import People, someone
from store.enums import Role
from store.models import Jurisdiction, Participant


def set_poc(
    session: Session,
    compose: Compose,
    *,
    user: str,
    jurisdiction: str,
    poc: str,
    now: datetime,
    out: Outcome,
) -> None:
    """Make `poc` the jurisdiction's point of contact, replacing the current one."""
    here = place(session, jurisdiction)
    current = active_rows(session, role=Role.POC, jurisdiction=here.code)
    if any(p.slack_user_id == poc for p in current):
        out.say("{poc} is already {place}'s point of contact.", poc=someone(poc), place=here.name)
        return
    ensure_free(session, poc, here.code)
    for old in [
        *current,
        *active_rows(session, role=Role.AGENCY, user=poc, jurisdiction=here.code),
    ]:
        old.active, old.revoked_at = False, now  # an agency member promoted keeps one role
    session.add(
        Participant(
            slack_user_id=poc,
            jurisdiction_code=here.code,
            role=Role.POC,
            active=True,
            invited_by=user,
            created_at=now,
        )
    )
    session.flush()
    for old in current:
        send(session, compose, _handed_over(here, old, poc), now, out)
    send(session, compose, _welcome(session, here, poc, by=user), now, out)
    out.redraw(poc, *(old.slack_user_id for old in current))
    replaced = People(tuple(old.slack_user_id for old in current))
    out.say(
        "{poc} is now {place}'s point of contact"
        + (" (replacing {replaced})" if current else "")
        + "; they got a welcome DM.",
        poc=someone(poc),
        place=here.name,
        replaced=replaced,
    )


def add_committee(
    session: Session, compose: Compose, *, user: str, member: str, now: datetime, out: Outcome
) -> None:
    if active_rows(session, role=Role.COMMITTEE, user=member):
        out.say("{member} is already on the Committee.", member=someone(member))
        return
    refuse_forgotten(session, [member])
    session.add(
        Participant(
            slack_user_id=member, role=Role.COMMITTEE, active=True, invited_by=user, created_at=now
        )
    )
    session.flush()
    welcome = dm(
        f"committee:{member}:{grants(session, member, None, 'committee')}",
        "committee_welcome",
        member,
        by=user,
        cycle=cycle_context(cycles.open_cycle(session)),
    )
    send(session, compose, welcome, now, out)
    out.redraw(member)
    out.say("{member} joined the Committee; they got a welcome DM.", member=someone(member))


def _welcome(session: Session, here: Jurisdiction, poc: str, *, by: str) -> Dm:
    return dm(
        f"poc:{here.code}:{poc}:{grants(session, poc, here.code, Role.POC)}",
        "poc_welcome",
        poc,
        jurisdiction=here.name,
        code=here.code,
        by=by,
        cycle=cycle_context(cycles.open_cycle(session)),
    )


def _handed_over(here: Jurisdiction, old: Participant, poc: str) -> Dm:
    return dm(
        f"poc-ended:{here.code}:{old.slack_user_id}:{old.id}",
        "poc_handover",
        old.slack_user_id,
        jurisdiction=here.name,
        poc=poc,
    )
