"""The limits Slack documents for Block Kit that slack_sdk's validators do not enforce, checked on
the raw JSON. Messages are Slack-style: "[ERROR] ... [json-pointer:/blocks/0]"."""

from __future__ import annotations

from typing import Any

MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_TEXT_INPUT_LENGTH = 3000
MAX_CHOICE_OPTIONS = 10
# slack_sdk turns a bare string into a text object here; Slack answers "must provide an object".
_TEXT_OBJECT_FIELDS = ("label", "hint", "placeholder", "title", "submit", "close", "deny")
_TEXT_OWNERS = ("section", "header", "button")


def error(message: str, pointer: str) -> str:
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def documented_limits(node: object, pointer: str) -> list[str]:
    """Walks raw JSON for the documented limits that slack_sdk's validators do not enforce."""
    errors: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            errors.extend(documented_limits(item, f"{pointer}/{i}"))
        return errors
    if not isinstance(node, dict):
        return errors
    kind = node.get("type")
    fields = [key for key in _TEXT_OBJECT_FIELDS if node.get(key) is not None]
    if kind in _TEXT_OWNERS and "text" in node:
        fields.append("text")
    errors.extend(
        error("must provide an object", f"{pointer}/{key}")
        for key in fields
        if not isinstance(node[key], dict)
    )
    options = node.get("options")
    if (
        kind in ("checkboxes", "radio_buttons")
        and isinstance(options, list)
        and len(options) > MAX_CHOICE_OPTIONS
    ):
        errors.append(
            error(f"no more than {MAX_CHOICE_OPTIONS} items allowed", f"{pointer}/options")
        )
    if kind == "plain_text_input":
        errors.extend(_check_input_lengths(node, pointer))
    for key in ("options", "initial_options"):
        items = node.get(key)
        if isinstance(items, list):
            for i, option in enumerate(items):
                errors.extend(_check_option(option, f"{pointer}/{key}/{i}"))
    errors.extend(_check_option(node.get("initial_option"), f"{pointer}/initial_option"))
    for key, value in node.items():
        errors.extend(documented_limits(value, f"{pointer}/{key}"))
    return errors


def _check_input_lengths(node: dict[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    low, high = node.get("min_length"), node.get("max_length")
    if low is not None and (not isinstance(low, int) or not 0 <= low <= MAX_TEXT_INPUT_LENGTH):
        errors.append(
            error(f"must be between 0 and {MAX_TEXT_INPUT_LENGTH}", f"{pointer}/min_length")
        )
    if high is not None and (not isinstance(high, int) or not 1 <= high <= MAX_TEXT_INPUT_LENGTH):
        errors.append(
            error(f"must be between 1 and {MAX_TEXT_INPUT_LENGTH}", f"{pointer}/max_length")
        )
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(error("min_length must not exceed max_length", f"{pointer}/min_length"))
    return errors


def _check_option(option: object, pointer: str) -> list[str]:
    if not isinstance(option, dict):
        return []
    errors: list[str] = []
    if not isinstance(option.get("text"), dict):
        errors.append(error("must provide an object", f"{pointer}/text"))
    value = option.get("value")
    if isinstance(value, str) and len(value) > MAX_OPTION_VALUE:
        errors.append(error(f"must be at most {MAX_OPTION_VALUE} characters", f"{pointer}/value"))
    description = option.get("description")
    if isinstance(description, dict):
        text = description.get("text")
        if isinstance(text, str) and len(text) > MAX_OPTION_DESCRIPTION:
            errors.append(
                error(
                    f"must be at most {MAX_OPTION_DESCRIPTION} characters",
                    f"{pointer}/description/text",
                )
            )
    return errors
