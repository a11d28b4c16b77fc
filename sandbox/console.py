"""Shows Block Kit messages, modals and Home tabs as terminal text, with numbered buttons."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

WIDTH = 96
MENTION = re.compile(r"<@(\w+)>")
DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")


@dataclass(frozen=True)
class Clickable:
    """A button a person can press from the console."""

    label: str
    message: dict[str, Any]
    ephemeral: bool
    action_id: str
    value: str


def readable(text: str) -> str:
    """mrkdwn as a person would read it: mentions and dates resolved, entities unescaped."""
    text = DATE.sub(r"\1", MENTION.sub(r"@\1", text))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def lines_of(
    blocks: list[dict[str, Any]],
    buttons: list[Clickable],
    message: dict[str, Any],
    *,
    ephemeral: bool = False,
) -> list[str]:
    """Text lines for `blocks`; every button is appended to `buttons` and shown as [n]."""
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            out.append(readable(block["text"]["text"]).upper())
        elif kind in ("section", "context", "input"):
            out.extend(_texts(block))
        elif kind == "divider":
            out.append("-" * 40)
        elements = block.get("elements", []) if kind == "actions" else []
        accessory = [block["accessory"]] if block.get("accessory") else []
        shown = [_button(b, buttons, message, ephemeral) for b in elements + accessory]
        if any(shown):
            out.append("   ".join(s for s in shown if s))
    return [wrapped for line in out for wrapped in _wrap(line)]


def _texts(block: dict[str, Any]) -> list[str]:
    found = []
    if block.get("text"):
        found.append(readable(block["text"]["text"]))
    for item in block.get("fields", []) + (block.get("elements") or []):
        if isinstance(item, dict) and item.get("type") in ("mrkdwn", "plain_text"):
            found.append(readable(item["text"]))
    if block.get("type") == "input":
        found.append(f"[field] {block['label']['text']}")
    return found


def _button(
    element: dict[str, Any], buttons: list[Clickable], message: dict[str, Any], ephemeral: bool
) -> str:
    if element.get("type") != "button":
        return ""
    label = element["text"]["text"]
    buttons.append(
        Clickable(label, message, ephemeral, element["action_id"], element.get("value", ""))
    )
    return f"[{len(buttons)}] {label}"


def _wrap(line: str) -> list[str]:
    return [w for part in line.splitlines() for w in (textwrap.wrap(part, WIDTH) or [""])]
