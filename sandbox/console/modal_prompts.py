"""Modals and confirm dialogs in the console: a prompt per input, refusals under their fields.

`cancel` closes the modal (Cancel in Slack). A line that is a console command (`/assess …`,
`as …`, `home`, …) also closes it and then runs, so a modal never swallows a command.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from sandbox.blockkit import Entered
from sandbox.console import forms
from sandbox.console.screen import lines_of, readable
from sandbox.slack import FakeSlack
from sandbox.web.acts import answer_of


class Console(Protocol):
    """What the prompts need of the console session (kept apart so neither imports the other)."""

    fake: FakeSlack
    people: dict[str, str]
    names: dict[str, str]
    user: str

    @property
    def driver(self) -> Any: ...

    def say(self, text: str) -> None: ...

    def read(self, feed: Iterator[str], prompt: str) -> str | None: ...

    def show_posts(self) -> None: ...


COMMAND_WORDS = ("as", "home", "quit", "exit", "help", "reply", "advance", "click")


class Leave(Exception):
    """The person closed the modal; `line` is the command they typed instead, if any."""

    def __init__(self, line: str | None) -> None:
        super().__init__(line)
        self.line = line


def is_command(line: str) -> bool:
    word = line.strip().split(" ", 1)[0]
    return line.startswith("/") or word in COMMAND_WORDS


class ModalPrompts:
    def __init__(self, console: Console) -> None:
        self.console = console

    def confirmed(self, confirm: dict[str, Any], feed: Iterator[str]) -> bool:
        """A button's confirm dialog: y runs the action, anything else cancels it."""
        c = self.console
        c.say(f"\n? {confirm.get('title', {}).get('text', 'Are you sure?')}")
        c.say("  " + readable(confirm.get("text", {}).get("text", ""), c.names))
        yes = confirm.get("confirm", {}).get("text", "Yes")
        no = confirm.get("deny", {}).get("text", "Cancel")
        answer = (c.read(feed, f"  y = {yes}, n = {no} > ") or "").strip().lower()
        return answer in ("y", "yes", yes.lower())

    def fill_open(self, feed: Iterator[str]) -> str | None:
        """Fills the modals on top of the person's stack until none is left open."""
        c = self.console
        errors: dict[str, str] = {}
        while stack := c.fake.open_views(c.user):
            record = stack[-1]
            try:
                values = self._ask(record, feed, errors)
            except Leave as leave:
                c.driver.close(c.user, {**record["view"], "id": record["id"]})
                c.say("(modal closed)")
                if leave.line is not None:
                    return leave.line
                continue
            response = c.driver.submit(c.user, record, values)
            errors = c.fake.answer_submission(c.user, record["id"], answer_of(response.body))
            if errors:
                c.say("  The modal refused this:")
                for block, text in errors.items():
                    c.say(f"  ! {_label(record['view'], block)}: {text}")
            c.show_posts()
        return None

    def _ask(
        self, record: dict[str, Any], feed: Iterator[str], errors: dict[str, str]
    ) -> dict[str, dict[str, Entered]]:
        c = self.console
        view = record["view"]
        c.say(f"\n=== modal: {view['title']['text']} (Enter keeps a field; `cancel` closes) ===")
        values: dict[str, dict[str, Entered]] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                for line in lines_of([block], None, {}, names=c.names):
                    c.say("  " + line)
                continue
            element = block["element"]
            c.say(f"  {block['label']['text']}")
            if block.get("block_id") in errors:
                c.say(f"  ! {errors[block['block_id']]}")
            entered = forms.ask(element, c.people, c.say, lambda: self._read(feed))
            values[block["block_id"]] = {element["action_id"]: entered}
        return values

    def _read(self, feed: Iterator[str]) -> str:
        line = self.console.read(feed, "  > ")
        if line is None or line.strip() == "cancel":
            raise Leave(None)
        if is_command(line):
            raise Leave(line.strip())
        return line


def _label(view: dict[str, Any], block_id: str) -> str:
    for block in view.get("blocks", []):
        if block.get("block_id") == block_id and block.get("label"):
            return str(block["label"]["text"])
    return block_id
