"""The decision itself: may this actor take this action here, and if not, which sentence says
why."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.workflows.errors import InvalidInput, NotAllowed
from bot.workflows.policy import refusals
from bot.workflows.policy.actors import Action, Actor
from bot.workflows.sentences import Sentence, someone
from store import enums


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
    committee_only = (
        Action.REOPEN,
        Action.ADMIN,
        Action.OVERSEE,
        Action.FORGET,
        Action.FEATURE,
    )
    if action in committee_only:
        return None if actor.is_committee else refusals.COMMITTEE_ONLY
    if action is Action.EXPORT and jurisdiction is None:  # someone with no state of their own
        return None if actor.is_committee else refusals.EXPORTERS
    if action in (Action.VIEW, Action.EXPORT) and actor.is_committee:
        return None
    role = actor.role_in(jurisdiction) if jurisdiction else actor.home
    if role is None:
        if actor.is_committee and action is not Action.ANSWER:
            return refusals.FOR_A_POC
        return refusals.stranger(actor, jurisdiction)
    if action is Action.VIEW:
        return None
    if action is Action.ANSWER:
        if topic is None or covers(role.role, role.topics, topic):
            return None
        return refusals.OTHER_TOPICS
    if role.role != enums.Role.POC:
        return refusals.POC_ONLY
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
