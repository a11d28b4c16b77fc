"""Shows Block Kit messages, modals and Home tabs as terminal text, with numbered buttons.

A button keeps its number for as long as the console runs (numbers are never reused), so a
number remembered from an earlier screen still presses the same button or nothing at all.
Text is shown as the bot sent it: `&lt;` stays `&lt;`, so escaping can be checked.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

WIDTH = 96
MENTION = re.compile(r"<@(\w+)(?:\|[^>]*)?>")
DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")
HELP = """\
Type what a person would do in Slack:
  /assess housing        a slash command, typed in #general (try /assess help, /assess status)
  3   or   click 3       press button [3] (a button keeps its number)
  reply Some text        reply in the thread of your latest walk (becomes notes)
  home                   open the bot's App Home tab
  as UAGENCY             act as another person: {people}
  advance 2027-03-24T16:00Z   move the clock forward and run the jobs that came due
  advance next-reminder  move to the next day a reminder goes out
  In a modal: Enter keeps a field as it is, `cancel` closes it, a command leaves it.
  help, quit"""


@dataclass(frozen=True)
class Clickable:
    """A button a person can press from the console."""

    label: str
    message: dict[str, Any]
    ephemeral: bool
    action_id: str
    value: str
    confirm: dict[str, Any] | None = None


@dataclass
class Buttons:
    """Numbers given to buttons, by where the button is and what it does."""

    by_number: dict[int, Clickable] = field(default_factory=dict)
    numbers: dict[tuple[str, ...], int] = field(default_factory=dict)

    def number(self, clickable: Clickable) -> int:
        m = clickable.message
        where = m.get("view_id") or f"{m.get('channel', '')}/{m.get('ts', '')}"
        key = (where, clickable.action_id, clickable.value)
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        number = self.numbers[key]
        self.by_number[number] = clickable
        return number


def readable(text: str, names: dict[str, str] | None = None) -> str:
    """mrkdwn as a person reads it: mentions and dates resolved, entities left as sent."""
    people = names or {}
    text = MENTION.sub(lambda m: "@" + people.get(m.group(1), m.group(1)), text)
    return DATE.sub(r"\1", text)


def lines_of(
    blocks: list[dict[str, Any]],
    buttons: Buttons | None,
    message: dict[str, Any],
    *,
    ephemeral: bool = False,
    names: dict[str, str] | None = None,
) -> list[str]:
    """Text lines for `blocks`; every button gets its stable number, shown as [n]."""
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            out.append(readable(block["text"]["text"], names).upper())
        elif kind in ("section", "context", "input"):
            out.extend(_texts(block, names))
        elif kind == "divider":
            out.append("-" * 40)
        elements = block.get("elements", []) if kind == "actions" else []
        accessory = [block["accessory"]] if block.get("accessory") else []
        shown = [_button(b, buttons, message, ephemeral) for b in elements + accessory]
        if any(shown):
            out.append("   ".join(s for s in shown if s))
    return [wrapped for line in out for wrapped in _wrap(line)]


def _texts(block: dict[str, Any], names: dict[str, str] | None) -> list[str]:
    found = []
    if block.get("text"):
        found.append(readable(block["text"]["text"], names))
    for item in block.get("fields", []) + (block.get("elements") or []):
        if isinstance(item, dict) and item.get("type") in ("mrkdwn", "plain_text"):
            found.append(readable(item["text"], names))
    if block.get("type") == "input":
        found.append(f"[field] {block['label']['text']}")
    return found


def _button(
    element: dict[str, Any], buttons: Buttons | None, message: dict[str, Any], ephemeral: bool
) -> str:
    if element.get("type") != "button":
        return ""
    label = element["text"]["text"]
    if buttons is None:
        return f"[{label}]"
    clickable = Clickable(
        label,
        message,
        ephemeral,
        element["action_id"],
        element.get("value", ""),
        element.get("confirm"),
    )
    return f"[{buttons.number(clickable)}] {label}"


def _wrap(line: str) -> list[str]:
    return [w for part in line.splitlines() for w in (textwrap.wrap(part, WIDTH) or [""])]


def look(message: dict[str, Any]) -> Any:
    return {"text": message.get("text"), "blocks": message.get("blocks")}


def block_of(message: dict[str, Any], action_id: str, value: str) -> str:
    for block in message.get("blocks", []):
        elements = [*block.get("elements", []), block.get("accessory") or {}]
        if any(e.get("action_id") == action_id and e.get("value", "") == value for e in elements):
            return str(block.get("block_id", ""))
    return ""
