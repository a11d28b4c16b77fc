"""A people modal's save, shared by set-up, invitations and edits: one workflow and the Homes it
touched in the same unit of work; after the commit, the queued DMs, a line and the Homes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.compose import slack_lines
from bot.deps import Deps
from bot.handlers.clicks import submitter
from bot.handlers.common import Private, deliver, explained, transact
from bot.handlers.listeners import Incoming
from bot.handlers.reporting.home import publish_homes, with_homes
from bot.slack_names import learn
from bot.workflows.people.membership import Outcome
from bot.workflows.reporting.home import homes_for


def saved(deps: Deps, slack: Incoming, work: Callable[[Session, str], Outcome]) -> None:
    """A people modal's save: one workflow, the Homes it touched, then DMs, a line and Homes."""
    private, from_home = submitter(slack.body, slack.client)
    change(deps, private, lambda s: work(s, private.user), from_home=from_home)


def change(
    deps: Deps, private: Private, work: Callable[[Session], Outcome], *, from_home: bool
) -> None:
    """One people workflow for `private`'s person (a save, or a click such as Remove), then
    `finish`; a refusal is told to them instead."""
    with explained(private.say):
        out, homes = with_homes(deps, work, _homes)
        finish(deps, private, out, homes, from_home=from_home)


def finish(
    deps: Deps, private: Private, out: Outcome, homes: list[Any], *, from_home: bool
) -> None:
    """After the commit: send the queued DMs, tell the person what happened, redraw Homes.
    From App Home the line is a DM message, since an ephemeral there is gone on return."""
    deliver(deps, out.keys)
    text = slack_lines(out.said)
    if from_home:
        private.client.chat_postMessage(channel=private.channel, text=text)
    else:
        private.say(text)
    # The names of people just brought in, before the Homes that list them are drawn: a Home
    # that showed an id until its next redraw would look broken to the person who invited.
    if learn(deps, out.homes) and homes:
        users = [h.user for h in homes]
        homes = transact(deps, lambda s: homes_for(s, deps.catalog, users=users, now=deps.now()))
    publish_homes(deps, private.client, homes)


def _homes(out: Outcome) -> list[str]:
    return out.homes
