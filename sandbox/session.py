"""The sandbox console: type what a person does in Slack, see what the bot posts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sandbox import forms
from sandbox.blockkit import Entered
from sandbox.console import Clickable, lines_of, readable
from sandbox.driver import SlackDriver
from sandbox.fake_slack import FakeSlack

CHANNEL = "CSANDBOX"
HELP = """\
Type what a person would do in Slack:
  /assess housing        a slash command, typed in #sandbox (try /assess help, /assess status)
  3   or   click 3       press button [3]
  reply Some text        reply in the thread of the walk you used last (becomes notes)
  home                   open the bot's App Home tab
  as UAGENCY             act as another person: {people}
  help, quit"""


class Console:
    def __init__(
        self, driver: SlackDriver, fake: FakeSlack, people: list[tuple[str, str]], out: TextIO
    ) -> None:
        self.driver, self.fake, self.out = driver, fake, out
        self.people = dict(people)
        self.user = people[0][0]
        self.buttons: list[Clickable] = []
        self.thread: dict[str, Any] | None = None
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.seen = {"ephemerals": 0, "views": 0}

    def loop(self, lines: Iterable[str]) -> None:
        feed = iter(lines)
        self.say("Sandbox Slack is running on 127.0.0.1. Nothing leaves this machine.")
        self.say(HELP.format(people=", ".join(f"{u} ({n})" for u, n in self.people.items())))
        for line in self._prompted(feed):
            if line.strip() in ("quit", "exit"):
                return
            self.handle(line.strip(), feed)

    def handle(self, line: str, feed: Iterator[str]) -> None:
        word, _, rest = line.partition(" ")
        if not line:
            return
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            self.driver.command(self.user, text, channel=CHANNEL, command=command)
        elif word == "click" or word.isdigit():
            self.click(rest if word == "click" else word)
        elif word == "reply":
            self.reply(rest)
        elif word == "home":
            self.driver.event(
                {
                    "type": "app_home_opened",
                    "user": self.user,
                    "channel": "D" + self.user,
                    "tab": "home",
                }
            )
        elif word == "as" and rest in self.people:
            self.user = rest
            self.say(f"You are now {rest} ({self.people[rest]}).")
            return
        else:
            self.say(HELP.format(people=", ".join(self.people)))
            return
        self.show(feed)

    def click(self, number: str) -> None:
        index = int(number) - 1 if number.isdigit() else -1
        if not 0 <= index < len(self.buttons):
            self.say("No such button.")
            return
        chosen = self.buttons[index]
        message = chosen.message
        if not chosen.ephemeral and message.get("ts") and message.get("channel"):
            message = self.fake.message(message["channel"], message["ts"])
        self.driver.click(
            self.user,
            message,
            lambda b: b["action_id"] == chosen.action_id and b.get("value", "") == chosen.value,
            ephemeral=chosen.ephemeral,
        )

    def reply(self, text: str) -> None:
        if self.thread is None:
            self.say("Start a walk first, e.g. /assess housing.")
            return
        self.driver.reply(self.user, self.thread, text)

    def show(self, feed: Iterator[str]) -> None:
        """Print what the bot did since the last look; fill in any modal it opened."""
        self.buttons = []
        for message in self._changed_messages():
            self._show_message(message)
        ephemerals = self.fake.ephemerals()
        for note in ephemerals[self.seen["ephemerals"] :]:
            shown = {**note, "channel": note.get("channel", CHANNEL), "ts": ""}
            self._print_blocks(f"(only @{note.get('user')} sees this)", shown, ephemeral=True)
        self.seen["ephemerals"] = len(ephemerals)
        home = self.fake.home(self.user)
        if home is not None and home != self.homes.get(self.user):
            self.homes[self.user] = home
            self._print_blocks(
                f"App Home of @{self.user}", {**home, "channel": "", "ts": ""}, ephemeral=True
            )
        views = self.fake.views()
        if len(views) > self.seen["views"]:
            self.seen["views"] = len(views)
            self._fill_modal(views[-1], feed)

    def _changed_messages(self) -> list[dict[str, Any]]:
        changed = []
        for message in self.fake.messages():
            key = (message["channel"], message["ts"])
            looks = {"text": message.get("text"), "blocks": message.get("blocks")}
            if message.get("user") == "UBOT" and self.messages.get(key) != looks:
                changed.append({**message, "_new": key not in self.messages})
                self.messages[key] = looks
        return changed

    def _show_message(self, message: dict[str, Any]) -> None:
        in_thread = message.get("thread_ts") not in (None, message["ts"])
        parent_ts = message["thread_ts"] if in_thread else message["ts"]
        self.thread = self.fake.message(message["channel"], parent_ts)
        where = "posted" if message.pop("_new") else "updated"
        place = "in the thread" if in_thread else f"in {message['channel']}"
        if message["channel"].startswith("D"):
            place = f"in a DM to @{message['channel'][1:]}"
        self._print_blocks(f"bot {where} {place}", message)

    def _print_blocks(
        self, title: str, message: dict[str, Any], *, ephemeral: bool = False
    ) -> None:
        self.say(f"\n--- {title} ---")
        blocks = message.get("blocks") or []
        body = (
            lines_of(blocks, self.buttons, message, ephemeral=ephemeral)
            if blocks
            else [readable(message.get("text", ""))]
        )
        for line in body:
            self.say("  " + line)

    def _fill_modal(self, record: dict[str, Any], feed: Iterator[str]) -> None:
        view = record["view"]
        self.say(f"\n=== modal: {view['title']['text']} (empty line keeps a field as it is) ===")
        values: dict[str, dict[str, Entered]] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                for line in lines_of([block], [], {}):
                    self.say("  " + line)
                continue
            element = block["element"]
            self.say(f"  {block['label']['text']}")
            entered = forms.ask(
                element, self.people, self.say, lambda: next(self._prompted(feed, "  > "), "")
            )
            values[block["block_id"]] = {element["action_id"]: entered}
        self.driver.submit(self.user, record, values)
        self.show(feed)

    def _prompted(self, feed: Iterator[str], prompt: str | None = None) -> Iterator[str]:
        while True:
            self.out.write(prompt or f"\n[{self.user}] ")
            self.out.flush()
            line = next(feed, None)
            if line is None:
                return
            yield line

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
