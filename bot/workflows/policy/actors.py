"""Who someone is to the bot: their roles, read once per request, and the jurisdiction they
act in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from bot.logs import set_field
from bot.workflows.errors import NotAllowed
from bot.workflows.policy import partners
from store import enums
from store.models import Participant


class Action(StrEnum):
    ANSWER = "answer"  # status, notes and changes of an answer
    INVITE = "invite"
    REVOKE = "revoke"
    REVIEW = "review"  # review, accept, ask for changes
    SUBMIT = "submit"
    REOPEN = "reopen"
    EXPORT = "export"  # every jurisdiction (Committee), or one jurisdiction (its POC too)
    OVERSEE = "oversee"  # the Committee's national picture and any state in detail
    ADMIN = "admin"
    FORGET = "forget"  # replace a person's id and email everywhere by a pseudonym
    FEATURE = "feature"  # mark an answer's note as a practice the Committee features
    VIEW = "view"  # see a jurisdiction's progress


@dataclass(frozen=True)
class Role:
    role: enums.Role
    jurisdiction: str | None
    topics: tuple[str, ...]
    agency: str


@dataclass(frozen=True)
class Actor:
    user_id: str
    roles: tuple[Role, ...]
    # Jurisdictions where this person's part was revoked or handed over, with no active role left.
    ended: tuple[str, ...] = ()

    @property
    def is_committee(self) -> bool:
        return any(r.role == enums.Role.COMMITTEE for r in self.roles)

    @property
    def home(self) -> Role | None:
        """The jurisdiction role this person answers for (POC before agency)."""
        ranked = sorted((r for r in self.roles if r.jurisdiction), key=_poc_first)
        return ranked[0] if ranked else None

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """Where this person answers (an agency member may answer for several)."""
        return tuple(sorted({r.jurisdiction for r in self.roles if r.jurisdiction}))

    def role_in(self, jurisdiction: str) -> Role | None:
        ranked = sorted((r for r in self.roles if r.jurisdiction == jurisdiction), key=_poc_first)
        return ranked[0] if ranked else None


def home_role(actor: Actor, chosen: str | None) -> Role | None:
    """The role whose Home this person sees: the jurisdiction they last chose on it while they
    still take part there, else their first (POC before agency)."""
    found = actor.role_in(chosen) if chosen else None
    return found or actor.home


def may_see_home_of(actor: Actor, jurisdiction: str) -> bool:
    """A person may switch their Home only to a jurisdiction where they take part."""
    return jurisdiction in actor.jurisdictions


def jurisdiction_for(actor: Actor, wanted: str | None, *, example: str) -> str | None:
    """The jurisdiction a command acts in: the one asked for, else the person's only one.
    Someone answering for several is asked which (`example` is the command to show)."""
    if wanted:
        return wanted.upper()
    places = actor.jurisdictions
    if len(places) > 1:
        which = " or ".join(f"`{example} {code}`" for code in places)
        raise NotAllowed(f"You take part for {' and '.join(places)}; say which: {which}.")
    return places[0] if places else None


# What a role needs of a person's participant rows, built once: every request reads it. Plain
# SQL on the table: the ORM's statement execution costs more than the read (see load_actor).
_PARTICIPANTS = cast(Table, Participant.__table__)
_ROLES = select(
    *(_PARTICIPANTS.c[name] for name in ("role", "jurisdiction_code", "topics", "agency", "active"))
).where(_PARTICIPANTS.c.slack_user_id == bindparam("user_id"))


def load_actor(session: Session, user_id: str) -> Actor:
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()  # as the ORM's autoflush would: a role added in this unit is seen
    rows = list(session.connection().execute(_ROLES, {"user_id": user_id}))
    only = partners.confined()  # a partner organisation's request acts for one jurisdiction
    roles = tuple(
        Role(enums.Role(p.role), p.jurisdiction_code, tuple(p.topics or ()), p.agency)
        for p in rows
        if p.active and (only is None or p.jurisdiction_code in only)
    )
    current = {r.jurisdiction for r in roles}
    ended = {p.jurisdiction_code for p in rows if not p.active and p.jurisdiction_code}
    actor = Actor(user_id=user_id, roles=roles, ended=tuple(sorted(ended - current)))
    home = actor.home
    set_field("jurisdiction", home.jurisdiction if home else None)  # for the log lines that follow
    return actor


def roles_of(actor: Actor) -> tuple[str, ...]:
    """The roles whose commands this person may use: committee, poc, agency (none: a stranger)."""
    held = {r.role for r in actor.roles}
    return tuple(r for r in ("committee", "poc", "agency") if r in held)


def _poc_first(role: Role) -> bool:
    return role.role != enums.Role.POC
