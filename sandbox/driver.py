"""Talks to the bot's HTTP endpoint exactly as Slack does: signed commands, clicks, events.

Shared by the sandbox console and the tests. After each request it calls `wait`, which blocks
until the bot's after-ack work is done, so what the bot posted can be read without sleeping.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from sandbox.fake_slack import FakeSlack

TEAM = "T0SANDBOX"
Entered = str | list[str] | dict[str, Any] | None
_ids = itertools.count(1)


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: dict[str, str]
    ack_ms: float = 0.0  # until the HTTP reply (Slack's 3-second rule)
    done_ms: float = 0.0  # until all after-ack work finished


class SlackDriver:
    def __init__(self, url: str, secret: str, fake: FakeSlack, wait: Callable[[], None]) -> None:
        self.url, self.fake, self.wait = url, fake, wait
        self.signer = SignatureVerifier(secret)

    # ---- raw ---------------------------------------------------------------------------------
    def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        signature: str | None = None,
    ) -> Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or str(self.signer.generate_signature(timestamp=ts, body=body))
        request = urllib.request.Request(  # noqa: S310 - a loopback URL built by the caller
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310
                status, text, head = reply.status, reply.read().decode(), dict(reply.headers)
        except urllib.error.HTTPError as err:
            status, text, head = err.code, err.read().decode(), dict(err.headers)
        acked = time.perf_counter()
        self.wait()
        done = time.perf_counter()
        return Response(status, text, head, (acked - began) * 1000, (done - began) * 1000)

    def form(self, fields: dict[str, str], **kwargs: Any) -> Response:
        return self.send(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict[str, Any]) -> Response:
        return self.form({"payload": json.dumps(payload)})

    # ---- what people do ----------------------------------------------------------------------
    def command(
        self, user: str, text: str, *, channel: str = "C0WALK", command: str = "/assess"
    ) -> Response:
        return self.form(
            {
                "token": "legacy",
                "team_id": TEAM,
                "team_domain": "sandbox",
                "channel_id": channel,
                "channel_name": "assessment",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A0BOT",
                "is_enterprise_install": "false",
                "response_url": self.fake.new_response_url(channel, user),
                "trigger_id": self.fake.new_trigger_id(user),
            }
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
        channel, ts = message["channel"], message.get("ts", "")
        return self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "username": user.lower(), "team_id": TEAM},
                "api_app_id": "A0BOT",
                "token": "legacy",
                "container": {
                    "type": "message",
                    "message_ts": ts,
                    "channel_id": channel,
                    "is_ephemeral": ephemeral,
                },
                "trigger_id": self.fake.new_trigger_id(user),
                "team": {"id": TEAM, "domain": "sandbox"},
                "channel": {"id": channel, "name": "assessment"},
                "message": message,
                "response_url": self.fake.new_response_url(
                    channel, user, message_ts=None if ephemeral else ts
                ),
                "actions": [
                    {
                        "action_id": button["action_id"],
                        "block_id": block_id,
                        "type": "button",
                        "value": button.get("value", ""),
                        "text": button["text"],
                        "action_ts": "1.0",
                    }
                ],
            }
        )

    def submit(
        self, user: str, view: dict[str, Any], values: Mapping[str, Mapping[str, Entered]]
    ) -> Response:
        """Submit a modal the bot opened with `values[block_id][action_id]`, entered the way
        the view's element takes it: text (plain_text_input), a user id (users_select), an
        option value (static_select), "YYYY-MM-DD" (datepicker), a list for a multi-select;
        a dict is the element's whole state."""
        elements = _inputs(view["view"])
        state = {
            block: {
                action: _wrap(_state_of(elements.get((block, action), {}), value))
                for action, value in actions.items()
            }
            for block, actions in values.items()
        }
        return self.interaction(
            {
                "type": "view_submission",
                "team": {"id": TEAM, "domain": "sandbox"},
                "user": {"id": user, "username": user.lower(), "team_id": TEAM},
                "api_app_id": "A0BOT",
                "token": "legacy",
                "trigger_id": self.fake.new_trigger_id(user),
                "view": {
                    **view["view"],
                    "id": view["id"],
                    "hash": view["hash"],
                    "state": {"values": state},
                },
                "response_urls": [],
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        envelope = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0BOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": 1,
            "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
        }
        return self.send(json.dumps(envelope), "application/json", headers=headers)

    def reply(self, user: str, parent: dict[str, Any], text: str, **kwargs: Any) -> Response:
        """A person's plain reply in the thread of `parent` (as a message event)."""
        ts = self.fake.add_message(parent["channel"], text, user=user, thread_ts=parent["ts"])
        return self.event(
            {
                "type": "message",
                "user": user,
                "text": text,
                "ts": ts,
                "thread_ts": parent["ts"],
                "parent_user_id": "UBOT",
                "channel": parent["channel"],
                "event_ts": ts,
                "channel_type": "channel",
            },
            **kwargs,
        )


def buttons(message: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    found = []
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found.append((element, block.get("block_id", "")))
        accessory = block.get("accessory")
        if accessory and accessory.get("type") == "button":
            found.append((accessory, block.get("block_id", "")))
    return found


def find_button(
    message: dict[str, Any], action: str | Callable[[dict[str, Any]], bool]
) -> tuple[dict[str, Any], str]:
    def matches(b: dict[str, Any]) -> bool:
        if callable(action):
            return action(b)
        return bool(b["action_id"] == action or b["action_id"].startswith(action + ":"))

    for button, block_id in buttons(message):
        if matches(button):
            return button, block_id
    raise LookupError(
        f"no button {action!r} in message: {[b['action_id'] for b, _ in buttons(message)]}"
    )


def text_of(message: dict[str, Any]) -> str:
    """All the text a person sees in a message, blocks included."""
    parts = [message.get("text", "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text"):
                parts.append(str(node.get("text", "")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks", []))
    return "\n".join(parts)


def _wrap(value: str | dict[str, Any] | None) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"type": "plain_text_input", "value": value}


def _inputs(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The input elements of a view, by (block_id, action_id)."""
    return {
        (block.get("block_id", ""), block["element"].get("action_id", "")): block["element"]
        for block in view.get("blocks", [])
        if block.get("type") == "input"
    }


def _state_of(element: dict[str, Any], value: Entered) -> str | dict[str, Any] | None:
    """What Slack puts in view.state for `element` once `value` is entered."""
    kind = element.get("type", "plain_text_input")
    if isinstance(value, dict) or kind == "plain_text_input":
        if isinstance(value, list):
            raise ValueError("a text input takes a string")
        return value
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(value or [])}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    known = {
        o["value"]: o
        for group in element.get("option_groups") or [{"options": element.get("options", [])}]
        for o in group["options"]
    }
    chosen = [value] if isinstance(value, str) else list(value or [])
    missing = [v for v in chosen if v not in known]
    if missing:
        raise ValueError(f"{element.get('action_id')} offers no option {missing}")
    if kind == "multi_static_select":
        return {"type": kind, "selected_options": [known[v] for v in chosen]}
    return {"type": kind, "selected_option": known[chosen[0]] if chosen else None}
