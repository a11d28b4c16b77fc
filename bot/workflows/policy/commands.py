"""Which `/assess` sub-commands someone may use, so suggestions, help and completions offer
each person only what they are allowed to do."""

from __future__ import annotations

from bot.workflows.policy.actors import Action, Actor
from bot.workflows.policy.rules import may

# Every sub-command, with the action it needs (None: anyone may ask).
COMMANDS: tuple[tuple[str, Action | None], ...] = (
    ("help", None),
    ("status", None),
    ("invite", Action.INVITE),
    ("review", Action.REVIEW),
    ("submit", Action.SUBMIT),
    ("export", Action.EXPORT),
    ("committee", Action.OVERSEE),
    ("admin", Action.ADMIN),
    ("reopen", Action.REOPEN),
)


def commands_for(actor: Actor) -> tuple[str, ...]:
    """The sub-commands `actor` may use, in the order help lists them."""
    place = actor.home.jurisdiction if actor.home else None
    return tuple(
        word
        for word, action in COMMANDS
        if action is None or may(actor, action, jurisdiction=place)
    )
