"""What a workflow tells someone: a `Notice` is plain data; the edge composes its words.

A workflow that notifies someone builds a Notice and queues it with `outbox.notify`, in the
transaction that changed the state. The words are composed at that moment by the `Compose` the
caller hands in (bot/compose.py renders the Block Kit and text templates in messages/), so the
outbox row holds the finished message under its idempotency key, exactly as the dispatcher sends
it, and a later change to a template never alters a message already queued.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol


@dataclass(frozen=True)
class Notice:
    """`kind` names the message (and is the outbox row's kind); `context` is JSON data."""

    kind: str
    recipient: str  # a user id (DM) or a channel id
    context: dict[str, Any]

    def __post_init__(self) -> None:
        json.dumps(self.context)  # a TypeError here means a workflow passed something not plain


@dataclass(frozen=True)
class Composed:
    """A notice in Slack's words: the notification text and the blocks (none for a plain line)."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


class Compose(Protocol):
    def __call__(self, notice: Notice, /) -> Composed: ...


def plain(value: Any) -> Any:
    """`value` as JSON data: dataclasses and mappings as objects, tuples as lists, dates in ISO."""
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
