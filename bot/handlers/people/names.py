"""`user_change`: Slack says someone's profile changed; keep the cached display name of people
who take part current (anyone else's, and a forgotten person's, is not stored)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.deps import Deps
from bot.handlers.common import transact
from bot.workflows.people import names


def register(app: App, deps: Deps) -> None:
    app.event("user_change")(lambda event: renamed(deps, event))


def renamed(deps: Deps, event: dict[str, Any]) -> None:
    user = event.get("user") or {}
    if user.get("id"):
        found = {str(user["id"]): names.name_in_profile(user)}
        transact(deps, lambda s: names.remember_participants(s, found, now=deps.now()))
