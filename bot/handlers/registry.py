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
    for module in (
        replies,
        commands,
        buttons,
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
