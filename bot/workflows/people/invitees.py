"""Whom a point of contact may invite, checked while the invitation modal is still open.

A refusal is shown under the people field, in plain text (Slack shows no mentions there), so
the point of contact removes that person and keeps everyone else they chose."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.workflows.errors import DomainError
from bot.workflows.people.forms import home_code, poc_actor
from bot.workflows.people.names import display_names
from bot.workflows.policy import invitee_refused, load_actor
from bot.workflows.sentences import People


def refused_invitee(session: Session, *, user: str, invitees: Sequence[str]) -> str:
    """Why the first of `invitees` that `user` may not invite is refused ('' when none is).
    A person who is no point of contact gets '' too: the save itself refuses them."""
    try:
        inviter = poc_actor(session, user)
    except DomainError:
        return ""
    jurisdiction = home_code(inviter)
    for person in dict.fromkeys(invitees):
        refused = invitee_refused(inviter, load_actor(session, person), jurisdiction)
        if refused is not None:
            said = refused.sentence.shown(_Plain(display_names(session, [person])))
            others = " Remove them to invite the others." if len(set(invitees)) > 1 else ""
            return said.replace(" Nothing was changed.", "") + others
    return ""


class _Plain:
    """Shows a sentence's values as plain text, people by their cached names."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def __call__(self, value: object) -> str:
        if isinstance(value, People):
            return ", ".join(self.names.get(u) or u for u in value.users)
        return str(value)
