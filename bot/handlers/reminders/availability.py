"""Slack listeners: the digest's snooze buttons, and "Away until…" (digest or App Home)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.common import Private, explained, transact
from bot.handlers.reporting import home
from bot.workflows.errors import DomainError
from bot.workflows.reminders import availability

SNOOZE_LENGTH = {ids.SNOOZE_DAY: "day", ids.SNOOZE_MONDAY: "monday"}


def register(app: App, deps: Deps) -> None:
    @app.action(ids.SNOOZE_DAY)
    @app.action(ids.SNOOZE_MONDAY)
    def snooze(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        private = _private(body, client)
        length = SNOOZE_LENGTH[body["actions"][0]["action_id"]]
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

    @app.action(ids.AWAY_OPEN)
    def away_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        private = _private(body, client)
        with explained(private.say):
            current = transact(deps, lambda s: availability.away_until(s, user=private.user))
            view = deps.render.json(
                "reminders/away_modal.json.j2",
                metadata=json.dumps({"c": private.channel}),
                current=current,
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ids.AWAY_MODAL)
    def away_save(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view, user = body["view"], body["user"]["id"]
        picked = view["state"]["values"][ids.AWAY_BLOCK][ids.AWAY_DATE].get("selected_date")
        back_on = date.fromisoformat(picked) if picked else None
        try:
            saved = transact(
                deps,
                lambda s: availability.set_away(s, user=user, back_on=back_on, now=deps.now()),
            )
        except DomainError as refusal:  # shown under the date field; the modal stays open
            # Slack shows a field error as plain text, so the plain form, not mrkdwn.
            ack(response_action="errors", errors={ids.AWAY_BLOCK: str(refusal)})
            return
        ack()
        private = Private(client, json.loads(view["private_metadata"])["c"], user)
        with explained(private.say):
            private.say(deps.render.text("reminders/away_saved.txt.j2", until=saved))
        home.publish(deps, client, [user])  # the Home shows "away until …"


def _private(body: dict[str, Any], client: WebClient) -> Private:
    """Where to answer the clicker: the digest's DM, or (from App Home) their DM with the bot."""
    user = body["user"]["id"]
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get(
        "id"
    )
    if not channel:
        channel = client.conversations_open(users=user)["channel"]["id"]
    return Private(client, channel, user)
