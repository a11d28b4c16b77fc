"""Buttons on walk messages and topic lists."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.common import Private, explained, ref_of, transact
from bot.handlers.walk import steps
from bot.workflows.walk import notes as walk_notes
from bot.workflows.walk import walks
from bot.workflows.walk.answers import NOTES_LIMIT


def register(app: App, deps: Deps) -> None:
    catalog = deps.catalog

    @app.action(re.compile(f"^{ids.ANSWER}:"))
    def answer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, (channel, ts), private = _parse(body, client)
        walk_id, rec_id = ref_of(action["value"])
        status = action["action_id"].split(":", 1)[1]
        with explained(private.say):
            step = transact(
                deps,
                lambda s: walks.answer(
                    s,
                    catalog,
                    user=private.user,
                    walk_id=walk_id,
                    rec_id=rec_id,
                    status=status,
                    now=deps.now(),
                ),
            )
            steps.after_step(deps, client, channel, ts, step)

    @app.action(ids.SKIP)
    def skip(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, (channel, ts), private = _parse(body, client)
        walk_id, rec_id = ref_of(action["value"])
        with explained(private.say):
            step = transact(
                deps,
                lambda s: walks.skip(
                    s, catalog, user=private.user, walk_id=walk_id, rec_id=rec_id, now=deps.now()
                ),
            )
            steps.after_step(deps, client, channel, ts, step)

    @app.action(ids.BACK)
    def back(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, _, private = _parse(body, client)
        walk_id, rec_id = ref_of(action["value"])
        with explained(private.say):
            question = transact(
                deps,
                lambda s: walks.previous(
                    s, catalog, user=private.user, walk_id=walk_id, rec_id=rec_id, now=deps.now()
                ),
            )
            place = transact(deps, lambda s: walks.place_of(s, catalog, walk_id))
            steps.post_question(deps, client, place, question)

    @app.action(ids.CHANGE)
    def change(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, (channel, ts), private = _parse(body, client)
        walk_id, rec_id = ref_of(action["value"])
        with explained(private.say):
            question = transact(
                deps,
                lambda s: walks.ask(
                    s, catalog, user=private.user, walk_id=walk_id, rec_id=rec_id, now=deps.now()
                ),
            )
            steps.redraw(deps, client, channel, ts, question)
            transact(deps, lambda s: walks.asked(s, walk_id=walk_id, rec_id=rec_id, message_ts=ts))

    @app.action(ids.NOTES)
    def notes(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, (channel, ts), private = _parse(body, client)
        walk_id, rec_id = ref_of(action["value"])
        with explained(private.say):
            form = transact(
                deps,
                lambda s: walk_notes.notes_form(
                    s, catalog, user=private.user, walk_id=walk_id, rec_id=rec_id
                ),
            )
            metadata = json.dumps({"w": walk_id, "r": rec_id, "c": channel, "t": ts})
            view = deps.render.json(
                "walk/notes_modal.json.j2", metadata=metadata, limit=NOTES_LIMIT, **form
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ids.CONTINUE)
    def resume(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, _, private = _parse(body, client)
        with explained(private.say):
            steps.begin(deps, client, private, action["value"])


def _parse(
    body: dict[str, Any], client: WebClient
) -> tuple[dict[str, Any], tuple[str, str], Private]:
    """The action, where the clicked message is, and how to answer the clicker privately
    (in the thread the click came from, so the answer shows up next to it)."""
    action, private, _ = clicked(body, client)
    private = replace(private, thread_ts=(body.get("message") or {}).get("thread_ts"))
    message_ts = (body.get("container") or {}).get("message_ts", "")
    return action, (private.channel, message_ts), private
