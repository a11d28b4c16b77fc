"""What the invitation and member modals show: the jurisdiction, who already takes part."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.people.membership import active_rows, actor_for, place, topics_of
from bot.workflows.policy import Action, Actor
from store.enums import Role

MAX_SHOWN = 20  # people listed as already taking part in the invitation modal


@dataclass(frozen=True)
class Taking:
    """Someone already taking part, as the invitation modal lists them."""

    user: str
    agency: str
    topics: tuple[str, ...]  # topic names; empty means every topic


@dataclass(frozen=True)
class MemberForm:
    """What the invitation and edit modals show and are prefilled with."""

    jurisdiction: str
    member_id: int | None = None
    user: str = ""
    agency: str = ""
    topics: tuple[str, ...] = ()
    taking_part: tuple[Taking, ...] = ()


def invite_form(session: Session, catalog: Catalog, *, user: str) -> MemberForm:
    """Refused before the modal opens unless `user` is a point of contact; lists who already
    takes part with their topics, so the POC can choose to add to them or replace them."""
    code = home_code(poc_actor(session, user))
    rows = active_rows(session, role=Role.AGENCY, jurisdiction=code)[:MAX_SHOWN]
    taking = tuple(
        Taking(p.slack_user_id, p.agency, tuple(t.name for t in topics_of(catalog, p.topics)))
        for p in rows
        if p.topics
    ) + tuple(Taking(p.slack_user_id, p.agency, ()) for p in rows if not p.topics)
    return MemberForm(jurisdiction=place(session, code).name, taking_part=taking)


def poc_actor(session: Session, user: str) -> Actor:
    actor = actor_for(session, user, Action.INVITE)
    home = actor.home
    if home is None or home.role != Role.POC:  # the policy lets only a POC through (for mypy)
        raise InvalidInput("Only a state's point of contact can invite people.")
    return actor


def home_code(actor: Actor) -> str:
    return actor.home.jurisdiction if actor.home and actor.home.jurisdiction else ""
