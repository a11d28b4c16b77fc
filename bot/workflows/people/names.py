"""People's display names, for readers: the one place reports, exports and Homes read them.

Slack's `users.info` (and the `user_change` event) fill the cache at the edge; here the names
are only stored and read. Where no name is known yet, the Slack id stands in for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Participant, SlackName

NAME_LIMIT = 200  # the column's size


def display_names(session: Session, users: Iterable[str]) -> dict[str, str]:
    """Each user's display name (their id while Slack has not told us one); '' stays ''."""
    wanted = sorted({u for u in users if u})
    known: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # keeps IN lists short on every backend
        rows = session.execute(
            select(SlackName.user_id, SlackName.name).where(
                SlackName.user_id.in_(wanted[start : start + 500])
            )
        )
        known.update({str(user): str(name) for user, name in rows})
    return {"": "", **{u: known.get(u) or u for u in wanted}}


def label(user: str, name: str, agency: str) -> str:
    """A person as readers see them: their name; while none is known, the id with the agency."""
    if name and name != user:
        return name
    return unnamed(user, agency)


def unnamed(user: str, agency: str) -> str:
    """The last resort when Slack never gave a name: the id, and the agency to tell who it is."""
    return f"{user} ({agency})" if agency and user else user


def name_of(session: Session, user: str) -> str:
    return display_names(session, [user])[user]


def not_cached(session: Session, users: Iterable[str]) -> list[str]:
    """Those of `users` whose name was never looked up, in the order given."""
    wanted = list(dict.fromkeys(u for u in users if u))
    known = set(session.scalars(select(SlackName.user_id).where(SlackName.user_id.in_(wanted))))
    return [u for u in wanted if u not in known]


def remember(session: Session, found: Mapping[str, str], *, now: datetime) -> None:
    """Store what Slack said (an empty name keeps the id standing in)."""
    for user in sorted(found):  # one lock order for concurrent writers
        name = " ".join(found[user].split())[:NAME_LIMIT]
        row = session.get(SlackName, user)
        if row is None:
            session.add(SlackName(user_id=user, name=name, checked_at=now))
        else:
            row.name, row.checked_at = name, now
    session.flush()


def remember_participants(session: Session, found: Mapping[str, str], *, now: datetime) -> None:
    """Store what Slack said about people who take part (or took part); Slack sends profile
    changes for everyone in the workspace, and the names of the others are none of our business."""
    known = set(
        session.scalars(
            select(Participant.slack_user_id).where(Participant.slack_user_id.in_(list(found)))
        )
    )
    remember(session, {u: n for u, n in found.items() if u in known}, now=now)


def name_in_profile(user: Mapping[str, Any]) -> str:
    """The name Slack shows for a `users.info` user object: display name, else real name."""
    profile = user.get("profile") or {}
    for value in (profile.get("display_name"), profile.get("real_name"), user.get("real_name")):
        if value and str(value).strip():
            return str(value)
    return str(user.get("name") or "")
