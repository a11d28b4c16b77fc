"""Slack listeners: the digest's snooze buttons, and "Away until…" (digest or App Home)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import submitter
from bot.handlers.common import Private, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.reporting import home
from bot.workflows.errors import DomainError
from bot.workflows.reminders import availability

SNOOZE_LENGTH = {ids.SNOOZE_DAY: "day", ids.SNOOZE_MONDAY: "monday"}


def register(app: App, deps: Deps) -> None:
    app.action(ids.SNOOZE_DAY)(bound(deps, snooze))
    app.action(ids.SNOOZE_MONDAY)(bound(deps, snooze))
    app.action(ids.AWAY_OPEN)(bound(deps, away_open))
    app.view(ids.AWAY_MODAL)(bound(deps, away_save))


def snooze(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    private = _private(slack.body, slack.client)
    length = SNOOZE_LENGTH[slack.body["actions"][0]["action_id"]]
    with explained(private.say):
        until = transact(
            deps,
            lambda s: availability.snooze(
                s,
                user=private.user,
                length=length,
                default_tz=deps.settings.default_tz,
                now=deps.now(),
            ),
        )
        private.say(deps.render.text("reminders/snoozed.txt.j2", until=until))


def away_open(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    private = _private(slack.body, slack.client)
    with explained(private.say):
        current = transact(deps, lambda s: availability.away_until(s, user=private.user))
        view = deps.render.json(
            "reminders/away_modal.json.j2",
            metadata=json.dumps({"c": private.channel}),
            current=current,
        )
        slack.client.views_open(trigger_id=slack.body["trigger_id"], view=view)


def away_save(deps: Deps, slack: Incoming) -> None:
    view, user = slack.body["view"], slack.body["user"]["id"]
    picked = view["state"]["values"][ids.AWAY_BLOCK][ids.AWAY_DATE].get("selected_date")
    back_on = date.fromisoformat(picked) if picked else None
    try:
        saved = transact(
            deps,
            lambda s: availability.set_away(s, user=user, back_on=back_on, now=deps.now()),
        )
    except DomainError as refusal:  # shown under the date field; the modal stays open
        # Slack shows a field error as plain text, so the plain form, not mrkdwn.
        slack.ack(response_action="errors", errors={ids.AWAY_BLOCK: str(refusal)})
        return
    slack.ack()
    private, _ = submitter(slack.body, slack.client)
    with explained(private.say):
        private.say(deps.render.text("reminders/away_saved.txt.j2", until=saved))
    home.publish(deps, slack.client, [user])  # the Home shows "away until …"


def _private(body: dict[str, Any], client: WebClient) -> Private:
    """Where to answer the clicker: the digest's DM, or (from App Home) their DM with the bot."""
    user = body["user"]["id"]
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get(
        "id"
    )
    if not channel:
        channel = client.conversations_open(users=user)["channel"]["id"]
    return Private(client, channel, user)
