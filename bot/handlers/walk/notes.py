"""The notes modal's submission: one workflow call, then the question redrawn."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import submitter
from bot.handlers.common import explained, transact
from bot.handlers.walk.show import show
from bot.workflows.walk import notes as walk_notes


def save_notes(deps: Deps, client: WebClient, body: dict[str, Any]) -> None:
    view = body["view"]
    meta = json.loads(view["private_metadata"])
    values = view["state"]["values"]
    notes = values[ids.NOTES_BLOCK][ids.NOTES_INPUT].get("value") or ""
    resources = values[ids.RESOURCES_BLOCK][ids.RESOURCES_INPUT].get("value") or ""
    private, _ = submitter(body, client)
    with explained(private.say):
        step = transact(
            deps,
            lambda s: walk_notes.save_notes(
                s,
                deps.catalog,
                user=private.user,
                walk_id=int(meta["w"]),
                rec_id=str(meta["r"]),
                clicked_ts=str(meta.get("t") or ""),
                now=deps.now(),
                notes=notes,
                resources=resources,
                source="modal",
            ),
        )
        show(deps, client, private, step)


def register(app: App, deps: Deps) -> None:
    def on_submit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        save_notes(deps, client, body)

    app.view(ids.NOTES_MODAL)(on_submit)
