"""Display names from Slack (`users.info`) into the names cache, a few at a time.

Called by the clock's zone refresh (the same `users.info` answer), after the people a request
brought in were saved, and by the `user_change` event; readers only ever read the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from http.client import HTTPException
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import Deps
from bot.workflows.people import names

MAX_LOOKUPS = 20  # users.info is Tier 4; a request never spends more than a moment on names
GONE = ("user_not_found", "account_inactive")


def look_up(client: WebClient, users: Iterable[str]) -> dict[str, dict[str, Any]]:
    """users.info for each; stops quietly when Slack is unreachable or busy."""
    found: dict[str, dict[str, Any]] = {}
    for user in users:
        try:
            found[user] = dict(client.users_info(user=user)["user"])
        except SlackApiError as exc:
            if exc.response.get("error") not in GONE:
                break
        except (SlackClientError, OSError, HTTPException):
            break
    return found


def learn(deps: Deps, users: Iterable[str]) -> bool:
    """Look up the names of these people that are not cached yet (after a save brought them in);
    True when one was learned."""
    with deps.uow() as uow:
        wanted = names.not_cached(uow.session, users)[:MAX_LOOKUPS]
    found = {u: names.name_in_profile(info) for u, info in look_up(deps.client, wanted).items()}
    if found:
        with deps.uow() as uow:
            names.remember(uow.session, found, now=deps.now())
            uow.commit()
    return bool(found)
