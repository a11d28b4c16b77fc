"""Did-you-mean for `/assess` sub-commands: a mistyped command is matched against the commands
the person may use (never one they would be refused)."""

from __future__ import annotations

import difflib

from sqlalchemy.orm import Session

from bot.workflows import policy

CUTOFF = 0.75  # "submitt" and "reveiw" match; a topic word such as "research" matches nothing


def command_meant(session: Session, *, user: str, word: str) -> str | None:
    """The sub-command `word` was most likely meant to be, among those `user` may use."""
    allowed = policy.commands_for(policy.load_actor(session, user))
    close = difflib.get_close_matches(word.lower(), allowed, n=1, cutoff=CUTOFF)
    return close[0] if close else None
