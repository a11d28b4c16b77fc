"""Notes on a recommendation: by modal, or by a plain reply in the walk's thread.

The modal shows the notes and edits them as a whole, so it carries a fingerprint of what it
showed: saved over notes someone changed since, it would replace their text unseen, and it is
refused (`NotesChanged`) with both texts kept. A reply in the thread only ever adds to them: a
person typing in a thread cannot see the notes already saved, so replacing them would lose
someone's text without a word."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.errors import InvalidInput
from bot.workflows.sentences import someone
from bot.workflows.walk.answers import NOTES_LIMIT
from bot.workflows.walk.scope import Scope, authorize, load, read_walk, rec_in_topic
from bot.workflows.walk.thread import message_of
from bot.workflows.walk.views import Shown, Step, build_question
from bot.workflows.walk.walks import record
from store.models import Answer, AnswerHistory, Walk


def fingerprint(notes: str, resources: str) -> str:
    """What a notes modal showed, in a few characters of its metadata."""
    return hashlib.sha256(f"{notes}\0{resources}".encode()).hexdigest()[:16]


class NotesChanged(InvalidInput):
    """The notes changed after the modal showed them; nothing was saved. The fields let the
    Slack side show both texts again: the notes as they are now and what this person typed."""

    def __init__(
        self, rec_id: str, by: str, now_notes: str, now_resources: str, typed: tuple[str, str]
    ) -> None:
        who = "{by} changed" if by else "someone changed"
        super().__init__(
            f"Nothing was saved: {who} the notes on {{rec}} while you had them open. Open "
            "Notes again to see theirs, then add yours.",
            **({"by": someone(by)} if by else {}),
            rec=rec_id,
        )
        self.rec_id, self.by = rec_id, by
        self.now_notes, self.now_resources, self.typed = now_notes, now_resources, typed
        self.seen = fingerprint(now_notes, now_resources)


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
    seen: str | None = None,
) -> Step:
    """Set (or clear) notes and resources needed; the Step redraws the message showing them.
    `seen`: the fingerprint of the notes the person was shown (NotesChanged if they differ)."""
    scope = load(session, catalog, user, walk_id, now=now)
    rec = rec_in_topic(catalog, scope.walk, rec_id)
    found = scope.found.get(rec.id)
    now_texts = (found.notes, found.resources_needed) if found else ("", "")
    if seen is not None and fingerprint(*now_texts) != seen:
        by = _last_to_change_notes(session, found.id) if found else ""
        raise NotesChanged(rec.id, by, *now_texts, (notes or "", resources or ""))
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
    notes, resources = (found.notes, found.resources_needed) if found else ("", "")
    return {
        "rec_id": rec.id,
        "text": rec.text,
        "notes": notes,
        "resources": resources,
        "seen": fingerprint(notes, resources),
    }


def _last_to_change_notes(session: Session, answer_id: int) -> str:
    """Who last changed the notes or resources of an answer ("" if nobody on record)."""
    by = session.scalar(
        select(AnswerHistory.changed_by)
        .where(
            AnswerHistory.answer_id == answer_id,
            (AnswerHistory.after_notes != AnswerHistory.before_notes)
            | (AnswerHistory.after_resources != AnswerHistory.before_resources),
        )
        .order_by(AnswerHistory.version.desc())
        .limit(1)
    )
    return by or ""


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
