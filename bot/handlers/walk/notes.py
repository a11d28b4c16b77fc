"""The notes modal's submission: one workflow call, then the question redrawn. Text over the
limit is refused on the field itself, with the modal kept open and nothing lost."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.common import Private, explained, transact
from bot.handlers.walk.show import show
from bot.workflows.walk import notes as walk_notes
from bot.workflows.walk.answers import NOTES_LIMIT


def save_notes(deps: Deps, client: WebClient, body: dict[str, Any]) -> None:
    view = body["view"]
    meta = json.loads(view["private_metadata"])
    values = view["state"]["values"]
    notes = values[ids.NOTES_BLOCK][ids.NOTES_INPUT].get("value") or ""
    resources = values[ids.RESOURCES_BLOCK][ids.RESOURCES_INPUT].get("value") or ""
    private = Private(client, str(meta["c"]), body["user"]["id"])
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


def too_long(values: dict[str, Any]) -> dict[str, str]:
    """The fields over the limit, each with its error (Slack shows it under the field)."""
    fields = ((ids.NOTES_BLOCK, ids.NOTES_INPUT), (ids.RESOURCES_BLOCK, ids.RESOURCES_INPUT))
    errors = {}
    for block, action in fields:
        length = len((values.get(block, {}).get(action) or {}).get("value") or "")
        if length > NOTES_LIMIT:
            errors[block] = (
                f"At most {NOTES_LIMIT} characters: this is {length}. Shorten it by "
                f"{length - NOTES_LIMIT} and save again; nothing was saved yet."
            )
    return errors


def register(app: App, deps: Deps) -> None:
    def on_submit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        errors = too_long(body["view"]["state"]["values"])
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        save_notes(deps, client, body)

    app.view(ids.NOTES_MODAL)(on_submit)
