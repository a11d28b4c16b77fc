"""Who may do what. Every permission question in the bot is answered here and nowhere else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.logs import set_field
from bot.workflows.errors import InvalidInput, Locked, NotAllowed
from bot.workflows.sentences import Sentence, someone
from store import enums
from store.models import Cycle, Participant, Submission


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


# What a role needs of a person's participant rows, built once: every request reads it.
_ROLES = select(
    Participant.role,
    Participant.jurisdiction_code,
    Participant.topics,
    Participant.agency,
    Participant.active,
).where(Participant.slack_user_id == bindparam("user_id"))


def load_actor(session: Session, user_id: str) -> Actor:
    rows = list(session.execute(_ROLES, {"user_id": user_id}))
    roles = tuple(
        Role(enums.Role(p.role), p.jurisdiction_code, tuple(p.topics or ()), p.agency)
        for p in rows
        if p.active
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


def may(
    actor: Actor, action: Action, *, jurisdiction: str | None = None, topic: str | None = None
) -> bool:
    return reason_refused(actor, action, jurisdiction=jurisdiction, topic=topic) is None


def check(
    actor: Actor, action: Action, *, jurisdiction: str | None = None, topic: str | None = None
) -> None:
    reason = reason_refused(actor, action, jurisdiction=jurisdiction, topic=topic)
    if reason is not None:
        raise NotAllowed(reason.form, **reason.values)


def reason_refused(
    actor: Actor, action: Action, *, jurisdiction: str | None = None, topic: str | None = None
) -> Sentence | None:
    """None when allowed; otherwise the sentence to show the person."""
    reason = _refusal(actor, action, jurisdiction, topic)
    return Sentence(reason) if isinstance(reason, str) else reason


def _refusal(
    actor: Actor, action: Action, jurisdiction: str | None, topic: str | None
) -> str | Sentence | None:
    committee_only = (Action.REOPEN, Action.ADMIN, Action.OVERSEE, Action.FORGET)
    if action in committee_only or (action is Action.EXPORT and jurisdiction is None):
        return None if actor.is_committee else "Only Committee members can do that."
    if action in (Action.VIEW, Action.EXPORT) and actor.is_committee:
        return None
    role = actor.role_in(jurisdiction) if jurisdiction else actor.home
    if role is None:
        if actor.is_committee and action is not Action.ANSWER:
            return (
                "That is for a state's point of contact; Committee members read the "
                "assessments and can reopen a submitted one."
            )
        return _stranger(actor, jurisdiction)
    if action is Action.VIEW:
        return None
    if action is Action.ANSWER:
        if topic is None or covers(role.role, role.topics, topic):
            return None
        return (
            "Your invitation covers other topic areas; ask your state's point of contact "
            "to add this one. Nothing was recorded."
        )
    if role.role != enums.Role.POC:
        return "Only your state's point of contact can do that."
    return None


def topics_covered(role: str, assigned: Sequence[str]) -> tuple[str, ...]:
    """The topic slugs someone answers for; () means every topic.

    A POC covers every topic; an agency member the topics assigned (every one when none were).
    """
    return () if role == enums.Role.POC else tuple(assigned)


def covers(role: str, assigned: Sequence[str], topic: str) -> bool:
    covered = topics_covered(role, assigned)
    return not covered or topic in covered


def covered_together(scopes: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """What several people cover between them (scopes from `topics_covered`); () is every topic."""
    joined: set[str] = set()
    for scope in scopes:
        if not scope:
            return ()
        joined.update(scope)
    return tuple(sorted(joined))


def answers_open(*, submitted: bool) -> bool:
    """Answers change, and reminders ask for them, only until the jurisdiction submits."""
    return not submitted


def cycle_lock(cycle: Cycle) -> Locked | None:
    """Why nothing in `cycle` may change any more, or None while it is open."""
    if cycle.status == enums.CycleStatus.OPEN:
        return None
    return Locked("The cycle “{name}” is closed; answers can no longer change.", name=cycle.name)


def submission_lock(jurisdiction: str, submission: Submission | None) -> Locked | None:
    """Why the jurisdiction's answers are read-only (it submitted), or None."""
    if submission is None:
        return None
    return Locked(
        "{place}'s assessment was submitted on {day} by {by}; nothing was recorded. "
        "The Committee can reopen it.",
        place=jurisdiction,
        day=f"{submission.submitted_at:%Y-%m-%d}",
        by=someone(submission.submitted_by),
    )


def _poc_first(role: Role) -> bool:
    return role.role != enums.Role.POC


def invitee_refused(inviter: Actor, invitee: Actor, jurisdiction: str) -> InvalidInput | None:
    """None when `inviter` (a POC) may make `invitee` an agency member of `jurisdiction`."""
    if invitee.user_id == inviter.user_id:
        return InvalidInput("You are the point of contact already; you answer every topic.")
    who = someone(invitee.user_id)
    if invitee.is_committee:
        return InvalidInput(
            "{who} is a Committee member: the Committee reads every state's assessment and "
            "does not answer for one. Nothing was changed.",
            who=who,
        )
    for role in invitee.roles:  # an agency member elsewhere (a regional NGO) may join here too
        if role.role == enums.Role.POC and role.jurisdiction != jurisdiction:
            return InvalidInput(
                "{who} is {place}'s point of contact and cannot answer for another state. "
                "Nothing was changed.",
                who=who,
                place=role.jurisdiction,
            )
    return None


def _stranger(actor: Actor, jurisdiction: str | None) -> str | Sentence:
    if actor.is_committee:
        return "Committee members review the assessments; only a state's participants answer them."
    if actor.ended and not actor.home and jurisdiction in (None, *actor.ended):
        return (
            f"Your part in {jurisdiction or actor.ended[0]}'s assessment has ended (the point of "
            "contact or the Committee removed it); nothing was recorded."
        )
    if jurisdiction and actor.home:
        # what was typed is a value, so each surface clips and escapes it in its own way
        return Sentence(
            "You take part for {mine}, not for {typed}; nothing was recorded.",
            {"mine": " and ".join(actor.jurisdictions), "typed": jurisdiction},
        )
    return (
        "You are not a participant in this assessment yet. Your state's point of contact can "
        "invite you with `/assess invite`."
    )
