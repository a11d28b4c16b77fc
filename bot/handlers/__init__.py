"""Slack in: each module registers the listeners of one Slack surface."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.handlers import actions, commands, events, home, people, reminders, review, views


def register(app: App, deps: Deps) -> None:
    for module in (events, commands, actions, views, home, people, review, reminders):
        module.register(app, deps)
