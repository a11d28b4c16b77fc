"""Listeners as module-level functions: `bound` hands each one the deps and what Slack sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.deps import Deps


@dataclass(frozen=True)
class Incoming:
    """One request from Slack, as Bolt hands it to a listener."""

    ack: Ack
    body: dict[str, Any]
    client: WebClient
    respond: Respond | None  # only where Slack gave a response_url


Listener = Callable[[Deps, Incoming], None]


def bound(deps: Deps, listener: Listener) -> Callable[..., None]:
    """The function Bolt calls (it injects arguments by name) for `listener`."""

    def run(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        listener(deps, Incoming(ack, body, client, respond))

    run.__name__ = getattr(listener, "__name__", "listener")
    return run
