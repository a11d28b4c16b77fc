"""Thread replies become notes; Slack's retry of one already stored is dropped by event id."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.walk import steps
from bot.workflows import dedupe
from bot.workflows.walk import notes as walk_notes
from bot.workflows.walk import walks
from bot.workflows.walk.views import Question
from store.models import Walk


def register(app: App, deps: Deps) -> None:
    @app.event("message")
    def message(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("subtype") or not event.get("thread_ts") or event.get("bot_id"):
            return  # edits, joins, bot posts and top-level messages are not notes
        if event["thread_ts"] == event.get("ts"):
            return
        found = transact(deps, lambda s: _walk_ref(s, event))
        if found is None:
            return
        private = Private(client, event["channel"], event["user"], thread_ts=event["thread_ts"])
        with explained(private.say):
            _note(deps, client, event, found, body.get("event_id"))


def _walk_ref(session: Any, event: dict[str, Any]) -> int | None:
    found = walks.thread_walk(session, channel_id=event["channel"], thread_ts=event["thread_ts"])
    return found.id if found else None


def slack_unescape(text: str) -> str:
    """Slack sends what a person typed with &, < and > as entities; the notes keep the text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _note(
    deps: Deps, client: WebClient, event: dict[str, Any], walk_id: int, event_id: str | None
) -> None:
    def work(session: Any) -> tuple[Question, str | None]:
        found = session.get_one(Walk, walk_id)
        return walk_notes.note_from_thread(
            session,
            deps.catalog,
            user=event["user"],
            walk=found,
            text=slack_unescape(event.get("text") or ""),
            now=deps.now(),
        )

    try:
        done = transact(deps, lambda s: dedupe.once(s, event_id, deps.now(), work))
    except IntegrityError:
        if event_id and transact(deps, lambda s: dedupe.seen(s, event_id)):
            return  # a retry delivered at the same moment stored it first
        raise
    if done is None:
        return  # Slack's retry of a reply already stored
    question, message_ts = done
    client.reactions_add(channel=event["channel"], timestamp=event["ts"], name="memo")
    if message_ts:
        steps.redraw(deps, client, event["channel"], message_ts, question)
