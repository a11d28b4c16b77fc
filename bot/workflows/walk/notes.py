"""Notes on a recommendation: by modal, or by a plain reply in the walk's thread.

The modal shows the notes and edits them as a whole. A reply in the thread only ever adds to
them: a person typing in a thread cannot see the notes already saved, so replacing them would
lose someone's text without a word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.errors import InvalidInput
from bot.workflows.walk.answers import NOTES_LIMIT
from bot.workflows.walk.scope import Scope, authorize, load, read_walk, rec_in_topic
from bot.workflows.walk.thread import message_of
from bot.workflows.walk.views import Shown, Step, build_question
from bot.workflows.walk.walks import record
from store.models import Answer, Walk


def save_notes(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    clicked_ts: str = "",
    now: datetime,
    notes: str | None,
    resources: str | None,
    source: str,
) -> Step:
    """Set (or clear) notes and resources needed; the Step redraws the message showing them."""
    scope = load(session, catalog, user, walk_id, now=now)
    rec = rec_in_topic(catalog, scope.walk, rec_id)
    return _save(session, catalog, scope, rec, clicked_ts, now, (notes, resources), source)


def _save(
    session: Session,
    catalog: Catalog,
    scope: Scope,
    rec: Recommendation,
    clicked_ts: str,
    now: datetime,
    texts: tuple[str | None, str | None],
    source: str,
) -> Step:
    walk, (notes, resources) = scope.walk, texts
    if scope.found.get(rec.id) is None and not any((t or "").strip() for t in texts):
        return Step(scope.place(catalog))  # blank notes on an unanswered one: nothing to keep
    change = record(
        session, scope, rec.id, source=source, now=now, notes=notes, resources=resources
    )
    if not change.changed:
        return Step(scope.place(catalog))
    ts = message_of(walk, rec.id, clicked_ts)
    asking = walk.current_recommendation_id == rec.id
    shown = build_question(catalog, walk, rec, change.answer, asking=asking)
    # The live question not clicked yet has no recorded ts: "" asks the Slack side to find it.
    redraw = (Shown(ts, shown),) if ts or asking else ()
    return Step(scope.place(catalog), redraw, saved=f"Your notes on {rec.id} were saved")


def notes_form(
    session: Session, catalog: Catalog, *, user: str, walk_id: int, rec_id: str
) -> dict[str, str]:
    """What the notes modal is prefilled with; refused before the modal opens."""
    walk, cycle, submitted = read_walk(session, walk_id)
    authorize(session, user, walk.jurisdiction_code, walk.topic, cycle, submitted)
    rec = rec_in_topic(catalog, walk, rec_id)
    found = session.scalar(
        select(Answer).where(
            Answer.cycle_id == walk.cycle_id,
            Answer.jurisdiction_code == walk.jurisdiction_code,
            Answer.recommendation_id == rec.id,
        )
    )
    return {
        "rec_id": rec.id,
        "text": rec.text,
        "notes": found.notes if found else "",
        "resources": found.resources_needed if found else "",
    }


@dataclass(frozen=True)
class Noted:
    """A reply added to a recommendation's notes; `added_to` is False when it started them."""

    step: Step
    rec_id: str
    added_to: bool
    length: int
    limit: int = NOTES_LIMIT


def note_from_thread(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    channel: str,
    thread_ts: str,
    text: str,
    now: datetime,
) -> Noted | None:
    """A reply in a walk's thread is added to the notes of its open question, else of the one
    most recently answered or changed there; None when the thread is not a walk's."""
    walk_id = session.scalar(
        select(Walk.id).where(Walk.channel_id == channel, Walk.thread_ts == thread_ts)
    )
    if walk_id is None or not text.strip():
        return None
    scope = load(session, catalog, user, walk_id, now=now)
    rec_id = scope.walk.current_recommendation_id or scope.walk.last_recommendation_id
    if rec_id is None or rec_id not in catalog.by_id:
        raise InvalidInput(
            "Nothing is open or answered in this thread yet; answer a recommendation first, "
            "then reply to add notes to it."
        )
    rec = catalog.by_id[rec_id]
    before = scope.found.get(rec.id)
    kept = before.notes.strip() if before is not None else ""
    notes = f"{kept}\n\n{text.strip()}" if kept else text.strip()
    if len(notes) > NOTES_LIMIT:
        raise InvalidInput(
            f"Nothing was added: with your reply the notes on {rec.id} would be {len(notes)} "
            f"characters, and they can be at most {NOTES_LIMIT}. Use Notes on its message to "
            "shorten them, then reply again."
        )
    step = _save(session, catalog, scope, rec, "", now, (notes, None), "thread")
    return Noted(step, rec.id, bool(kept), len(notes))
