"""Committee set-up: the open cycle and its deadline, each state's point of contact, the Committee.

A jurisdiction has one point of contact. Naming a new one ends the previous one's part (their row
turns inactive, so their answers stay attributed to them) and welcomes the new one by DM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows import cycles
from bot.workflows.errors import InvalidInput
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
)
from bot.workflows.policy import Action
from bot.workflows.sentences import People, someone
from store.enums import Role
from store.models import Jurisdiction, Participant


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: str  # state | district | territory
    poc: str  # Slack user id, or ""


@dataclass(frozen=True)
class AdminForm:
    """What the admin modal shows: the open cycle (if any) and every jurisdiction."""

    cycle_name: str
    deadline: date | None
    places: tuple[Place, ...]


@dataclass(frozen=True)
class AdminRequest:
    """What was submitted; empty strings and None mean "leave as it is"."""

    cycle_name: str = ""
    deadline: date | None = None
    jurisdiction: str = ""
    poc: str = ""
    committee: str = ""

    def problems(self, now: datetime) -> dict[str, str]:
        """Form mistakes, by field, that need no database to see."""
        found = {}
        if self.jurisdiction and not self.poc:
            found["poc"] = "Choose the person who will be this jurisdiction's point of contact."
        if self.poc and not self.jurisdiction:
            found["jurisdiction"] = "Choose the jurisdiction this person will answer for."
        if self.deadline is not None and self.deadline < now.date():
            found["deadline"] = "The deadline cannot be in the past."
        return found


def admin_form(session: Session, *, user: str) -> AdminForm:
    """Refused before the modal opens unless `user` is on the Committee."""
    actor_for(session, user, Action.ADMIN)
    pocs = {p.jurisdiction_code: p.slack_user_id for p in active_rows(session, role=Role.POC)}
    places = tuple(
        Place(j.code, j.name, j.kind, pocs.get(j.code, ""))
        for j in session.scalars(select(Jurisdiction).order_by(Jurisdiction.name))
    )
    cycle = cycles.open_cycle(session)
    return AdminForm(cycle.name if cycle else "", cycle.deadline if cycle else None, places)


def apply_admin(
    session: Session, compose: Compose, *, user: str, request: AdminRequest, now: datetime
) -> Outcome:
    """Save the cycle, then the point of contact, then the new Committee member."""
    actor_for(session, user, Action.ADMIN)
    problems = request.problems(now)
    if problems:
        raise InvalidInput(" ".join(problems.values()))
    out = Outcome()
    out.redraw(user)
    _save_cycle(session, request, now, out)
    if request.jurisdiction:
        code, poc = request.jurisdiction, request.poc
        set_poc(session, compose, user=user, jurisdiction=code, poc=poc, now=now, out=out)
    if request.committee:
        add_committee(session, compose, user=user, member=request.committee, now=now, out=out)
    if not out.said:
        out.say("Nothing to change.")
    return out


def _save_cycle(session: Session, request: AdminRequest, now: datetime, out: Outcome) -> None:
    cycle = cycles.open_cycle(session)
    name, deadline = request.cycle_name, request.deadline
    if cycle is None:
        if not name and deadline is None:
            return
        if not name or deadline is None:
            raise InvalidInput("To open a cycle, give both its name and its deadline.")
        cycles.create_cycle(session, name=name, deadline=deadline, now=now)
        shown = " ".join(name.split())
        out.say(
            "Opened the cycle “{name}”, due {deadline}.",
            name=shown,
            deadline=f"{deadline:%Y-%m-%d}",
        )
        return
    if name and " ".join(name.split()) != cycle.name:
        cycles.rename_cycle(session, name=name)
        out.say("The cycle is now called “{name}”.", name=cycle.name)
    if deadline is not None and deadline != cycle.deadline:
        cycles.set_deadline(session, deadline=deadline)
        out.say(f"The deadline is now {deadline:%Y-%m-%d}.")


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
