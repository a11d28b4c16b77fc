"""Slack in: each module registers the listeners of one Slack surface."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.handlers import actions, commands, events, views


def register(app: App, deps: Deps) -> None:
    for module in (events, commands, actions, views):
        module.register(app, deps)
