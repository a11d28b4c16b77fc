"""Thread replies are added to notes; Slack's retry of one already stored is dropped by event
id."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.walk.show import show
from bot.workflows import dedupe
from bot.workflows.walk import notes as walk_notes


def note(deps: Deps, client: WebClient, event: dict[str, Any], event_id: str | None) -> None:
    """A person's reply in a walk's thread: added to the notes of its open (or latest)
    recommendation; the person is told when it joined notes already there."""
    if event.get("subtype") or not event.get("thread_ts") or event.get("bot_id"):
        return  # edits, joins, bot posts and top-level messages are not notes
    if event["thread_ts"] == event.get("ts"):
        return
    private = Private(client, event["channel"], event["user"], thread_ts=event["thread_ts"])

    def work(session: Session) -> walk_notes.Noted | None:
        return walk_notes.note_from_thread(
            session,
            deps.catalog,
            user=event["user"],
            channel=event["channel"],
            thread_ts=event["thread_ts"],
            text=slack_unescape(event.get("text") or ""),
            now=deps.now(),
        )

    with explained(private.say):
        try:
            # The event id commits with the note: a failed attempt leaves Slack's retry to redo it.
            noted = transact(deps, lambda s: dedupe.once(s, event_id, deps.now(), work))
        except IntegrityError:
            if event_id and transact(deps, lambda s: dedupe.seen(s, event_id)):
                return  # a retry delivered at the same moment stored it first
            raise
        if noted is None:
            return  # not a walk's thread, nothing typed, or Slack's retry of a stored reply
        client.reactions_add(channel=event["channel"], timestamp=event["ts"], name="memo")
        show(deps, client, private, noted.step)
        if noted.added_to:
            private.say(deps.render.text("walk/notes_added.md.j2", noted=noted))


def slack_unescape(text: str) -> str:
    """Slack sends what a person typed with &, < and > as entities; the notes keep the text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def message(deps: Deps, body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
    note(deps, client, event, body.get("event_id"))


def register(app: App, deps: Deps) -> None:
    def listener(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        message(deps, body, event, client)

    app.event("message")(listener)
