"""Committee set-up: the open cycle and its deadline, each state's point of contact, the Committee.

The set-up modal's form and its save; naming a point of contact or a Committee member is in
`appointments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows import cycles
from bot.workflows.errors import InvalidInput
from bot.workflows.notices import Compose
from bot.workflows.people.appointments import add_committee, set_poc
from bot.workflows.people.membership import Outcome, active_rows, actor_for
from bot.workflows.policy import Action
from store.enums import Role
from store.models import Jurisdiction


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
