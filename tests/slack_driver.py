"""The tests' view of the Slack driver: it waits on the bot's own listener pool, and a
`Transcript` fails on silence and on extra posts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.app import BotApp
from sandbox.driver import NotForThem, Response, buttons, find_button, text_of
from sandbox.driver import SlackDriver as _Driver
from sandbox.slack import Call, FakeSlack

__all__ = ["Response", "SlackDriver", "Transcript", "buttons", "find_button", "text_of"]


class SlackDriver(_Driver):
    def __init__(self, url: str, secret: str, fake: FakeSlack, bot: BotApp) -> None:
        super().__init__(url, secret, fake, wait=bot.wait_idle)
        self.bot = bot

    def click_home(self, user: str, action: str | Callable[[dict[str, Any]], bool]) -> Response:
        """Click the first matching button on `user`'s published App Home: the payload carries
        the view, with neither a channel nor a response_url (block_actions_home.docs.json)."""
        view = self.fake.home(user)
        assert view is not None, f"{user} has no published App Home"
        button, block_id = find_button(view, action)
        pressed = {
            "action_id": button["action_id"],
            "block_id": block_id,
            "type": "button",
            "value": button.get("value", ""),
            "text": button["text"],
        }
        return self._home_action(user, view, pressed)

    def choose_home(self, user: str, action_id: str, value: str) -> Response:
        """Pick `value` in the static select `action_id` of `user`'s published App Home."""
        view = self.fake.home(user)
        assert view is not None, f"{user} has no published App Home"
        for block in view["blocks"]:
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    [option] = [o for o in element["options"] if o["value"] == value]
                    picked = {
                        "action_id": action_id,
                        "block_id": block["block_id"],
                        "type": "static_select",
                        "selected_option": option,
                        "placeholder": element.get("placeholder"),
                    }
                    return self._home_action(user, view, picked)
        raise AssertionError(f"no {action_id} on {user}'s App Home")

    def _home_action(self, user: str, view: dict[str, Any], action: dict[str, Any]) -> Response:
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
                "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
            }
        )

    def open_home(self, user: str, *, tab: str = "home") -> Response:
        """The person opens the bot's App Home (or its Messages tab): `app_home_opened`."""
        if self.fake.team_of(user) != "T0SANDBOX":
            raise NotForThem("Slack shows no App Home to a person of another organisation")
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
