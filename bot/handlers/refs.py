"""The values the bot's own buttons and modals carry (JSON in a button's value or a modal's
private_metadata), read strictly: a value the bot did not write is refused with the guard's
polite line, never taken for a failure of ours and answered with an apology."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.edge.guard import UNREADABLE
from bot.workflows.errors import InvalidInput

# Row ids and versions are PostgreSQL integers; anything larger was not written by the bot.
LARGEST = 2**31 - 1


def loaded(value: Any) -> dict[str, Any]:
    """A button value or metadata that must be a JSON object."""
    try:
        found = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        found = None
    if not isinstance(found, dict):
        raise InvalidInput(UNREADABLE)
    return found


def number(ref: dict[str, Any], key: str) -> int:
    return integer(ref.get(key))


def integer(value: Any) -> int:
    """A row id or version, as a JSON number or a button value's digits."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST:
        raise InvalidInput(UNREADABLE)
    return value


def word(ref: dict[str, Any], key: str) -> str:
    value = ref.get(key)
    if not isinstance(value, str):
        raise InvalidInput(UNREADABLE)
    return value


def since(ref: dict[str, Any], key: str = "s") -> datetime | None:
    """The review baseline a button carries ("" before the first review)."""
    value = word(ref, key)
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidInput(UNREADABLE) from None
