"""The notes modal's submission: one workflow call, then the question redrawn. Text over the
limit is refused on the field itself, with the modal kept open and nothing lost."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.edge.guard import UNREADABLE
from bot.handlers import ids, refs
from bot.handlers.clicks import metadata, submitter
from bot.handlers.common import explained, transact
from bot.handlers.walk.notes_modal import opened_again
from bot.handlers.walk.show import show
from bot.workflows.errors import InvalidInput
from bot.workflows.walk import notes as walk_notes
from bot.workflows.walk.answers import NOTES_LIMIT
from bot.workflows.walk.notes import NotesChanged
from bot.workflows.walk.views import Step


def save_notes(deps: Deps, client: WebClient, body: dict[str, Any]) -> None:
    private, _ = submitter(body, client)
    with explained(private.say):
        meta = metadata(body)
        try:
            step = transact(deps, lambda s: _save(s, deps, private.user, meta, body))
        except NotesChanged as changed:
            _open_again(deps, client, body, meta, changed)
            return
        show(deps, client, private, step)


def _save(
    session: Session, deps: Deps, user: str, meta: dict[str, Any], body: dict[str, Any]
) -> Step:
    clicked_ts, seen = meta.get("t") or "", meta.get("n")
    return walk_notes.save_notes(
        session,
        deps.catalog,
        user=user,
        walk_id=refs.number(meta, "w"),
        rec_id=refs.word(meta, "r"),
        clicked_ts=clicked_ts if isinstance(clicked_ts, str) else "",
        now=deps.now(),
        notes=_typed(body, ids.NOTES_BLOCK),
        resources=_typed(body, ids.RESOURCES_BLOCK),
        source="modal",
        seen=seen if isinstance(seen, str) else None,  # absent from modals opened before it
    )


def _open_again(
    deps: Deps, client: WebClient, body: dict[str, Any], meta: dict[str, Any], changed: NotesChanged
) -> None:
    """The notes changed under the modal: open it again with both texts, or, when Slack will not
    open it, say so in one line (NotesChanged's sentence)."""
    form = {"rec_id": changed.rec_id, "text": deps.catalog.by_id[changed.rec_id].text}
    view = opened_again(deps, meta, form, changed)
    try:
        client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SlackApiError:
        raise changed from None


def _typed(body: dict[str, Any], block: str) -> str:
    """The text typed in one of the modal's two fields (each block holds one input)."""
    field = {ids.NOTES_BLOCK: ids.NOTES_INPUT, ids.RESOURCES_BLOCK: ids.RESOURCES_INPUT}[block]
    value = ((body["view"]["state"]["values"].get(block) or {}).get(field) or {}).get("value")
    if value is not None and not isinstance(value, str):
        raise InvalidInput(UNREADABLE)
    return value or ""


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
