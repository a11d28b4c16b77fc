"""Modal submissions."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.common import Private, explained, transact
from bot.handlers.walk import steps
from bot.workflows.walk import notes as walk_notes


def register(app: App, deps: Deps) -> None:
    @app.view(ids.NOTES_MODAL)
    def save_notes(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]
        meta = json.loads(view["private_metadata"])
        values = view["state"]["values"]
        notes = values[ids.NOTES_BLOCK][ids.NOTES_INPUT].get("value") or ""
        resources = values[ids.RESOURCES_BLOCK][ids.RESOURCES_INPUT].get("value") or ""
        private = Private(client, meta["c"], body["user"]["id"])
        with explained(private.say):
            question, _ = transact(
                deps,
                lambda s: walk_notes.save_notes(
                    s,
                    deps.catalog,
                    user=private.user,
                    walk_id=int(meta["w"]),
                    rec_id=meta["r"],
                    now=deps.now(),
                    notes=notes,
                    resources=resources,
                    source="modal",
                ),
            )
            steps.redraw(deps, client, meta["c"], meta["t"], question)
