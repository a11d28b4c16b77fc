"""Who may do what. Every permission question in the bot is answered in this package and nowhere
else: `policy.check(actor, Action.X, jurisdiction=…, topic=…)` raises `NotAllowed` with a
sentence for the person.

Who someone is lives in `actors`, the decision in `rules`, its sentences in `refusals`, and when
answers are locked in `locks`; callers use the names below.
"""

from __future__ import annotations

from bot.workflows.policy.actors import (
    Action,
    Actor,
    Role,
    home_role,
    jurisdiction_for,
    load_actor,
    may_see_home_of,
    roles_of,
)
from bot.workflows.policy.commands import commands_for
from bot.workflows.policy.locks import answers_open, cycle_lock, submission_lock
from bot.workflows.policy.partners import confine, confined, partner_scope
from bot.workflows.policy.rules import (
    check,
    covered_together,
    covers,
    invitee_refused,
    may,
    reason_refused,
    topics_covered,
)

__all__ = [
    "Action",
    "Actor",
    "Role",
    "answers_open",
    "check",
    "commands_for",
    "confine",
    "confined",
    "covered_together",
    "covers",
    "cycle_lock",
    "home_role",
    "invitee_refused",
    "jurisdiction_for",
    "load_actor",
    "may",
    "may_see_home_of",
    "partner_scope",
    "reason_refused",
    "roles_of",
    "submission_lock",
    "topics_covered",
]
