"""The sandbox console: type what a person does in Slack, see what the bot posts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sandbox import demo
from sandbox.console.modal_prompts import ModalPrompts
from sandbox.console.screen import HELP, Buttons, Clickable, block_of, lines_of, look, readable
from sandbox.driver import slack_escaped
from sandbox.runtime import Sandbox

CHANNEL = demo.GENERAL


class Console:
    def __init__(self, sandbox: Sandbox, out: TextIO) -> None:
        self.sandbox, self.fake, self.out = sandbox, sandbox.fake, out
        self.people = {p.user: f"{p.name}, {p.label}" for p in demo.PEOPLE}
        self.names = {p.user: p.name for p in demo.PEOPLE}
        self.user = demo.PEOPLE[0].user
        self.buttons = Buttons()
        self.walk_threads: dict[str, dict[str, Any]] = {}  # per person: their walk's parent
        self.looks: dict[tuple[str, str], Any] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.seen_ephemerals = len(self.fake.ephemerals())
        for message in self.fake.messages():  # what a restart already showed stays quiet
            self.looks[(message["channel"], message["ts"])] = look(message)
        self.modals = ModalPrompts(self)

    @property
    def driver(self) -> Any:
        return self.sandbox.driver

    def loop(self, lines: Iterable[str]) -> None:
        feed = iter(lines)
        self.say("Sandbox Slack is running on 127.0.0.1. Nothing leaves this machine.")
        self.say(self.help())
        pending: str | None = None
        while True:
            line = pending if pending is not None else self.read(feed, f"\n[{self.user}] ")
            pending = None
            if line is None or line.strip() in ("quit", "exit"):
                return
            pending = self.handle(line.strip(), feed)

    def help(self) -> str:
        return HELP.format(people=", ".join(f"{u} ({n})" for u, n in self.people.items()))

    def handle(self, line: str, feed: Iterator[str]) -> str | None:
        """Runs one line; returns a line a modal prompt read that was a command instead."""
        word, _, rest = line.partition(" ")
        if not line:
            return None
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            self.driver.command(self.user, text, channel=CHANNEL, command=command)
        elif word == "click" or word.isdigit():
            if not self.click(rest if word == "click" else word, feed):
                return None
        elif word == "reply":
            self.reply(rest)
        elif word == "home":
            from sandbox.web.acts import open_home

            open_home(self.sandbox, self.user)
        elif word == "advance":
            self.advance(rest.strip())
        elif word == "as" and rest in self.people:
            self.user = rest
            self.say(f"You are now {rest} ({self.people[rest]}).")
            return None
        else:
            self.say(self.help())
            return None
        return self.show(feed)

    def click(self, number: str, feed: Iterator[str]) -> bool:
        chosen = self.buttons.by_number.get(int(number)) if number.isdigit() else None
        if chosen is None:
            self.say("No such button.")
            return False
        if chosen.confirm and not self.modals.confirmed(chosen.confirm, feed):
            self.say("Cancelled; nothing was sent.")
            return False
        self._press(chosen)
        return True

    def _press(self, chosen: Clickable) -> None:
        message = chosen.message
        action = {
            "action_id": chosen.action_id,
            "block_id": "",
            "type": "button",
            "value": chosen.value,
            "text": {"type": "plain_text", "text": chosen.label},
        }
        if message.get("view_id"):
            home = self.fake.home(self.user)
            if home is not None:
                self.driver.act(self.user, action, view=home)
            return
        if not chosen.ephemeral:
            try:
                message = self.fake.message(message["channel"], message["ts"])
            except KeyError:
                self.say("That message is gone.")
                return
        block = block_of(message, chosen.action_id, chosen.value)
        self.driver.act(self.user, {**action, "block_id": block}, message=message)

    def reply(self, text: str) -> None:
        thread = self.walk_threads.get(self.user)
        if thread is None:
            self.say("Start a walk first, e.g. /assess housing.")
            return
        self.driver.reply(self.user, thread, slack_escaped(text))

    def advance(self, to: str) -> None:
        from sandbox.web.acts import Refused, advance

        wanted = "next-digest" if to == "next-reminder" else to
        try:
            done = advance(self.sandbox, {"to": wanted})
        except Refused as refusal:
            self.say(str(refusal))
            return
        ran = ", ".join(done["ran"]) or "no job was due"
        self.say(f"The clock is now {self.sandbox.clock.now():%a %d %b %Y %H:%M} UTC: {ran}.")

    def show(self, feed: Iterator[str]) -> str | None:
        """Print what the bot did since the last look; fill in any modal it opened."""
        self.show_posts()
        return self.modals.fill_open(feed)

    def show_posts(self) -> None:
        for message in self._changed_messages():
            self._show_message(message)
        ephemerals = self.fake.ephemerals()
        for note in ephemerals[self.seen_ephemerals :]:
            shown = {**note, "channel": note.get("channel", CHANNEL)}
            self.print_blocks(f"(only @{note.get('user')} sees this)", shown, ephemeral=True)
        self.seen_ephemerals = len(ephemerals)
        home = self.fake.home(self.user)
        if home is not None and home != self.homes.get(self.user):
            self.homes[self.user] = home
            shown = {**home, "channel": "", "ts": "", "view_id": home["id"]}
            self.print_blocks(f"App Home of @{self.user}", shown)

    def _changed_messages(self) -> list[dict[str, Any]]:
        changed = []
        for message in self.fake.messages():
            key = (message["channel"], message["ts"])
            if message.get("user") == "UBOT" and self.looks.get(key) != look(message):
                changed.append({**message, "_new": key not in self.looks})
                self.looks[key] = look(message)
        return changed

    def _show_message(self, message: dict[str, Any]) -> None:
        in_thread = message.get("thread_ts") not in (None, message["ts"])
        if in_thread:  # only a walk's questions live in threads: replies go there
            parent = {"channel": message["channel"], "ts": message["thread_ts"]}
            self.walk_threads[self.user] = parent
        where = "posted" if message.pop("_new") else "updated"
        place = "in the thread" if in_thread else f"in {message['channel']}"
        if message["channel"].startswith("D"):
            place = f"in a DM to @{message['channel'][1:]}"
        self.print_blocks(f"bot {where} {place}", message)

    def print_blocks(self, title: str, message: dict[str, Any], *, ephemeral: bool = False) -> None:
        self.say(f"\n--- {title} ---")
        blocks = message.get("blocks") or []
        body = (
            lines_of(blocks, self.buttons, message, ephemeral=ephemeral, names=self.names)
            if blocks
            else [readable(message.get("text", ""), self.names)]
        )
        for line in body:
            self.say("  " + line)

    def read(self, feed: Iterator[str], prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        return next(feed, None)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


def run_console(sandbox: Sandbox, stdin: TextIO, out: TextIO) -> None:
    try:
        Console(sandbox, out).loop(line.rstrip("\n") for line in stdin)
    except KeyboardInterrupt:
        out.write("\n")
