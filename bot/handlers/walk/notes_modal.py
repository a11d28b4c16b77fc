"""The notes modal, as first opened and as opened again when the notes changed under it."""

from __future__ import annotations

import json
from typing import Any

from bot.deps import Deps
from bot.workflows.walk.answers import NOTES_LIMIT
from bot.workflows.walk.notes import NotesChanged


def notes_modal(
    deps: Deps, meta: dict[str, Any], form: dict[str, str], changed: NotesChanged | None = None
) -> dict[str, Any]:
    """`form`: rec_id, text, notes, resources (what the inputs start with); `meta` comes back
    with the submission, "n" being the fingerprint of the notes the person is shown."""
    view: dict[str, Any] = deps.render.json(
        "walk/notes_modal.json.j2",
        metadata=json.dumps(meta),
        limit=NOTES_LIMIT,
        changed=changed,
        **form,
    )
    return view


def opened_again(
    deps: Deps, meta: dict[str, Any], form: dict[str, str], changed: NotesChanged
) -> dict[str, Any]:
    """The modal once more, after `changed`: the notes as they are now shown above the inputs,
    the inputs holding what the person typed, and the new fingerprint, so saving again replaces
    exactly what they have now seen."""
    typed_notes, typed_resources = changed.typed
    again = {**form, "notes": typed_notes, "resources": typed_resources}
    return notes_modal(deps, {**meta, "n": changed.seen}, again, changed)
