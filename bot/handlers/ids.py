"""Every action_id, callback_id and block_id, shared by the listeners and the templates."""

from __future__ import annotations

from typing import Final

ANSWER: Final = "walk_answer"  # action_id is "walk_answer:<scale value>"
NOTES: Final = "walk_notes"
SKIP: Final = "walk_skip"
BACK: Final = "walk_back"
CHANGE: Final = "walk_change"
CONTINUE: Final = "walk_continue"  # value: topic slug

NOTES_MODAL: Final = "walk_notes_modal"
NOTES_BLOCK: Final = "notes"
NOTES_INPUT: Final = "notes_input"
RESOURCES_BLOCK: Final = "resources"
RESOURCES_INPUT: Final = "resources_input"


def as_dict() -> dict[str, str]:
    """The ids, for templates."""
    return {name: value for name, value in globals().items() if name.isupper()}
