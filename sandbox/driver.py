"""Talks to the bot's HTTP endpoint exactly as Slack does: signed commands, clicks, events.

Shared by the sandbox console and the tests. After each request it calls `wait`, which blocks
until the bot's after-ack work is done, so what the bot posted can be read without sleeping.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sandbox import payloads
from sandbox.blockkit import Entered, find_button, inputs, state_of, wrap
from sandbox.blockkit import buttons as buttons
from sandbox.blockkit import text_of as text_of
from sandbox.signed import Response as Response
from sandbox.signed import SignedSender


class NotForThem(Exception):
    """What Slack does not give a person of another organisation (a slash command, App Home)."""


def slack_escaped(text: str) -> str:
    """What a person typed, as Slack hands it to an app: &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = [
    "NotForThem",
    "Response",
    "SlackDriver",
    "buttons",
    "find_button",
    "slack_escaped",
    "text_of",
]


class SlackDriver(SignedSender):
    """What people do in Slack, as the requests Slack sends for it (built in `payloads`)."""

    # ---- what people do ----------------------------------------------------------------------
    def command(
        self, user: str, text: str, *, channel: str = "C0WALK", command: str = "/assess"
    ) -> Response:
        if self.fake.team_of(user) != payloads.TEAM:
            # https://api.slack.com/apis/channels-between-orgs#slash
            raise NotForThem("Slack sends no slash command from another organisation")
        return self.form(
            payloads.slash_command(
                user,
                text,
                channel=channel,
                command=command,
                response_url=self.fake.new_response_url(channel, user),
                trigger_id=self.fake.new_trigger_id(user),
            )
        )

    def click(
        self,
        user: str,
        message: dict[str, Any],
        action: str | Callable[[dict[str, Any]], bool],
        *,
        ephemeral: bool = False,
    ) -> Response:
        """Click the first button in `message` whose action_id is (or starts with) `action`."""
        button, block_id = find_button(message, action)
        pressed = {
            "action_id": button["action_id"],
            "block_id": block_id,
            "type": "button",
            "value": button.get("value", ""),
            "text": button["text"],
        }
        return self.act(user, pressed, message=message, ephemeral=ephemeral)

    def act(
        self,
        user: str,
        action: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
        view: dict[str, Any] | None = None,
    ) -> Response:
        """One `block_actions` for an element of a message (`message` with its channel and ts)
        or of a view (`view` as views.* return it, with the `state` entered so far)."""
        trigger_id = self.fake.new_trigger_id(user)
        payload = self._from_their_team(payloads.block_actions(user, action, trigger_id=trigger_id))
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = {"state": {"values": {}}, **view}
            return self.interaction(payload)
        assert message is not None, "an action happens in a message or in a view"  # noqa: S101
        channel, ts = message["channel"], message.get("ts", "")
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": channel, "name": "assessment"}
        payload["message"] = message
        payload["response_url"] = self.fake.new_response_url(
            channel,
            user,
            message_ts=None if ephemeral else ts,
            ephemeral_ts=ts if ephemeral and ts else None,
        )
        return self.interaction(payload)

    def close(self, user: str, view: dict[str, Any]) -> Response | None:
        """The person pressed Cancel: Slack tells the app only when the view asked for it."""
        self.fake.close_view(user, view["id"])
        if not view.get("notify_on_close"):
            return None
        return self.interaction(payloads.view_closed(user, view))

    def submit(
        self, user: str, view: dict[str, Any], values: Mapping[str, Mapping[str, Entered]]
    ) -> Response:
        """Submit a modal the bot opened with `values[block_id][action_id]`, entered the way
        the view's element takes it: text (plain_text_input), a user id (users_select), an
        option value (static_select), "YYYY-MM-DD" (datepicker), a list for a multi-select;
        a dict is the element's whole state."""
        elements = inputs(view["view"])
        state = {
            block: {
                action: wrap(state_of(elements.get((block, action), {}), value))
                for action, value in actions.items()
            }
            for block, actions in values.items()
        }
        return self.submit_state(user, view, state)

    def submit_state(self, user: str, view: dict[str, Any], state: dict[str, Any]) -> Response:
        """Submit a modal with `state.values` exactly as given (block -> action -> state)."""
        trigger_id = self.fake.new_trigger_id(user)
        payload = payloads.view_submission(user, view, state, trigger_id=trigger_id)
        return self.interaction(self._from_their_team(payload))

    def _from_their_team(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A person of another organisation (Slack Connect) acts with their own team's id."""
        team = self.fake.team_of(payload["user"]["id"])
        if team != payloads.TEAM:
            payload["user"]["team_id"] = team
            payload["team"] = {"id": team, "domain": "partner"}
        return payload

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        envelope = payloads.event_callback(event, event_id=event_id)
        return self.send(json.dumps(envelope), "application/json", headers=headers)

    def reply(self, user: str, parent: dict[str, Any], text: str, **kwargs: Any) -> Response:
        """A person's plain reply in the thread of `parent` (as a message event)."""
        return self.say(user, parent["channel"], text, thread_ts=parent["ts"], **kwargs)

    def say(
        self, user: str, channel: str, text: str, *, thread_ts: str | None = None, **kwargs: Any
    ) -> Response:
        """A person's message in `channel` (in a thread with `thread_ts`): stored in the fake
        as Slack stores it, then sent to the bot as the `message` event Slack sends."""
        ts = self.fake.add_message(channel, text, user=user, thread_ts=thread_ts)
        event = payloads.message_event(user, channel, text, ts, thread_ts=thread_ts)
        return self.event(event, **kwargs)
