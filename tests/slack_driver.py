"""The tests' view of the Slack driver: it waits on the bot's own listener pool, and a
`Transcript` fails on silence and on extra posts."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.app import BotApp
from sandbox.driver import Response, buttons, find_button, text_of
from sandbox.driver import SlackDriver as _Driver
from sandbox.fake_slack import Call, FakeSlack

__all__ = ["Response", "SlackDriver", "Transcript", "buttons", "find_button", "text_of"]

Entered = str | list[str] | dict[str, Any] | None


class SlackDriver(_Driver):
    def __init__(self, url: str, secret: str, fake: FakeSlack, bot: BotApp) -> None:
        super().__init__(url, secret, fake, wait=bot.wait_idle)
        self.bot = bot

    def submit(
        self, user: str, view: dict[str, Any], values: Mapping[str, Mapping[str, Entered]]
    ) -> Response:
        """As the sandbox driver's, but a plain value is entered the way the view's element
        takes it: a user id (users_select), an option value (static_select), "YYYY-MM-DD"
        (datepicker), or a list for a multi-select; a dict is still the element's whole state."""
        elements = _inputs(view["view"])
        state: dict[str, dict[str, str | dict[str, Any] | None]] = {
            block: {
                action: _state_of(elements.get((block, action), {}), value)
                for action, value in actions.items()
            }
            for block, actions in values.items()
        }
        return super().submit(user, view, state)

    def click_home(self, user: str, action: str | Callable[[dict[str, Any]], bool]) -> Response:
        """Click the first matching button on `user`'s published App Home: the payload carries
        the view, with neither a channel nor a response_url (block_actions_home.docs.json)."""
        view = self.fake.home(user)
        assert view is not None, f"{user} has no published App Home"
        button, block_id = find_button(view, action)
        return self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "username": user.lower(), "team_id": "T0SANDBOX"},
                "api_app_id": "A0BOT",
                "token": "legacy",
                "container": {"type": "view", "view_id": view["id"]},
                "trigger_id": self.fake.new_trigger_id(user),
                "team": {"id": "T0SANDBOX", "domain": "sandbox"},
                "view": {**view, "state": {"values": {}}},
                "actions": [
                    {
                        "action_id": button["action_id"],
                        "block_id": block_id,
                        "type": "button",
                        "value": button.get("value", ""),
                        "text": button["text"],
                        "action_ts": f"{time.time():.6f}",
                    }
                ],
            }
        )

    def open_home(self, user: str, *, tab: str = "home") -> Response:
        """The person opens the bot's App Home (or its Messages tab): `app_home_opened`."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.fake.dm_channel(user),
            "tab": tab,
            "event_ts": f"{time.time():.6f}",
        }
        published = self.fake.home(user)
        if published is not None and tab == "home":
            event["view"] = published  # Slack includes it once a Home was published
        return self.event(event)


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
        assert not isinstance(value, list), "a text input takes a string"
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
    assert not missing, f"{element.get('action_id')} offers no option {missing}"
    if kind == "multi_static_select":
        return {"type": kind, "selected_options": [known[v] for v in chosen]}
    return {"type": kind, "selected_option": known[chosen[0]] if chosen else None}


class Transcript:
    """What the bot sent since the last look; fails on silence and on extra posts."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self.seen = 0

    def new(self, method: str | None = None) -> list[Call]:
        calls = self.fake.calls()
        fresh, self.seen = calls[self.seen :], len(calls)
        return [c for c in fresh if method is None or c.method == method]

    def expect(self, *methods: str) -> list[Call]:
        """Exactly these Web API calls (auth.test aside), in this order."""
        fresh = [c for c in self.new() if c.method != "auth.test"]
        got = [c.method for c in fresh]
        assert got == list(methods), f"expected {list(methods)}, the bot called {got}"
        return fresh
