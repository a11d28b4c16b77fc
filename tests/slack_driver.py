"""The tests' view of the Slack driver: it waits on the bot's own listener pool, and a
`Transcript` fails on silence and on extra posts."""

from __future__ import annotations

from bot.app import BotApp
from sandbox.driver import Response, buttons, find_button, text_of
from sandbox.driver import SlackDriver as _Driver
from sandbox.fake_slack import Call, FakeSlack

__all__ = ["Response", "SlackDriver", "Transcript", "buttons", "find_button", "text_of"]


class SlackDriver(_Driver):
    def __init__(self, url: str, secret: str, fake: FakeSlack, bot: BotApp) -> None:
        super().__init__(url, secret, fake, wait=bot.wait_idle)
        self.bot = bot


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
