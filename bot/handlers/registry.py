"""Every listener of the bot, registered on one Bolt app."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.handlers import commands, context
from bot.handlers.people import invitations, names
from bot.handlers.privacy import forget
from bot.handlers.reminders import availability
from bot.handlers.reporting import committee, home
from bot.handlers.review import reviewing
from bot.handlers.walk import buttons, notes, replies


def register(app: App, deps: Deps) -> None:
    context.register(app, deps)  # first: the log fields of every request
    # Bolt tries the listeners in this order, each costing a call per request until one
    # matches: the walk's buttons, the most frequent requests by far, come first.
    for module in (
        buttons,
        replies,
        commands,
        notes,
        home,
        committee,
        invitations,
        names,
        reviewing,
        availability,
        forget,
    ):
        module.register(app, deps)
