"""Reading Block Kit as a person sees it: the buttons of a message, its text, and what a view's
inputs put in `view.state` once something is entered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Entered = str | list[str] | dict[str, Any] | None


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


def wrap(value: str | dict[str, Any] | None) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"type": "plain_text_input", "value": value}


def inputs(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The input elements of a view, by (block_id, action_id)."""
    return {
        (block.get("block_id", ""), block["element"].get("action_id", "")): block["element"]
        for block in view.get("blocks", [])
        if block.get("type") == "input"
    }


def state_of(element: dict[str, Any], value: Entered) -> str | dict[str, Any] | None:
    """What Slack puts in view.state for `element` once `value` is entered."""
    kind = element.get("type", "plain_text_input")
    if kind == "email_text_input" and isinstance(value, str):
        return {"type": kind, "value": value}
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
