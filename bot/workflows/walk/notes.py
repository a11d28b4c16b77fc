"""Notes on a recommendation: by modal, or by a plain reply in the walk's thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.walk import answers
from bot.workflows.walk.views import Question, build_question
from bot.workflows.walk.walks import authorize, rec_in_topic, record_in_walk
from store.models import Walk


def save_notes(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    now: datetime,
    notes: str | None,
    resources: str | None,
    source: str,
) -> tuple[Question, bool]:
    """Set notes and resources needed; returns the question to redraw and whether it changed."""
    walk, role = authorize(session, user, walk_id)
    rec = rec_in_topic(catalog, walk, rec_id)
    change = record_in_walk(
        session,
        walk,
        role,
        rec.id,
        user=user,
        source=source,
        now=now,
        notes=notes,
        resources=resources,
    )
    asking = change.answer.status is None or walk.current_recommendation_id == rec.id
    return build_question(catalog, walk, rec, change.answer, asking=asking), change.changed


def notes_form(
    session: Session, catalog: Catalog, *, user: str, walk_id: int, rec_id: str
) -> dict[str, str]:
    """What the notes modal is prefilled with; refused before the modal opens."""
    walk, _ = authorize(session, user, walk_id)
    rec = rec_in_topic(catalog, walk, rec_id)
    found = answers.current(session, walk.cycle_id, walk.jurisdiction_code, rec.id)
    return {
        "rec_id": rec.id,
        "text": rec.text,
        "notes": found.notes if found else "",
        "resources": found.resources_needed if found else "",
    }


def note_from_thread(
    session: Session, catalog: Catalog, *, user: str, walk: Walk, text: str, now: datetime
) -> tuple[Question, str | None]:
    """A thread reply becomes the notes of the current question; returns it and its message ts."""
    rec_id = walk.current_recommendation_id
    if rec_id is None:
        raise InvalidInput(
            "There is no open question in this thread; use Change on a recommendation to add notes."
        )
    question, _ = save_notes(
        session,
        catalog,
        user=user,
        walk_id=walk.id,
        rec_id=rec_id,
        now=now,
        notes=text.strip(),
        resources=None,
        source="thread",
    )
    return question, walk.current_message_ts
