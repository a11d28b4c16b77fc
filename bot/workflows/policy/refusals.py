"""The sentences a refusal shows, worded for the person refused."""

from __future__ import annotations

from bot.workflows.policy.actors import Actor
from bot.workflows.sentences import Sentence

COMMITTEE_ONLY = "Only Committee members can do that."
EXPORTERS = (
    "Exports are for Committee members (every jurisdiction) and each state's point of contact "
    "(their own state's answers)."
)
FOR_A_POC = (
    "That is for a state's point of contact; Committee members read the "
    "assessments and can reopen a submitted one."
)
OTHER_TOPICS = (
    "Your invitation covers other topic areas; ask your state's point of contact "
    "to add this one. Nothing was recorded."
)
POC_ONLY = "Only your state's point of contact can do that."


def stranger(actor: Actor, jurisdiction: str | None) -> str | Sentence:
    """Why someone with no part in `jurisdiction` (or none at all) may not act there."""
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
