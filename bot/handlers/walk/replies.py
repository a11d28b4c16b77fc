"""Events API: retries are dropped by event id; thread replies become notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.walk.show import show
from bot.workflows import dedupe
from bot.workflows.walk import notes as walk_notes


def note(deps: Deps, client: WebClient, event: dict[str, Any]) -> None:
    """A person's reply in a walk's thread: notes on its open (or latest) recommendation."""
    if event.get("subtype") or not event.get("thread_ts") or event.get("bot_id"):
        return  # edits, joins, bot posts and top-level messages are not notes
    if event["thread_ts"] == event.get("ts"):
        return
    private = Private(client, event["channel"], event["user"], thread_ts=event["thread_ts"])
    with explained(private.say):
        step = transact(
            deps,
            lambda s: walk_notes.note_from_thread(
                s,
                deps.catalog,
                user=event["user"],
                channel=event["channel"],
                thread_ts=event["thread_ts"],
                text=slack_unescape(event.get("text") or ""),
                now=deps.now(),
            ),
        )
        if step is None:
            return
        client.reactions_add(channel=event["channel"], timestamp=event["ts"], name="memo")
        show(deps, client, private, step)


def slack_unescape(text: str) -> str:
    """Slack sends what a person typed with &, < and > as entities; the notes keep the text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def register(app: App, deps: Deps) -> None:
    @app.middleware
    def once_per_event(request: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        event_id = (
            request.body.get("event_id") if request.body.get("type") == "event_callback" else None
        )
        try:
            first = not event_id or transact(
                deps, lambda s: dedupe.first_delivery(s, event_id, deps.now())
            )
        except IntegrityError:  # a concurrent retry recorded it first
            first = False
        return next() if first else BoltResponse(status=200, body="")

    def message(event: dict[str, Any], client: WebClient) -> None:
        note(deps, client, event)

    app.event("message")(message)
