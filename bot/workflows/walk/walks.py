"""The walk's buttons, one unit of work each: Answer, Skip, Back and Change.

Each function locks the jurisdiction, reads the walk and the answers once, writes, and returns
the Step the Slack side renders. `clicked_ts` only picks among the messages the walk itself
posted; the message redrawn always comes from the walk's record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.walk import answer_rows, live_progress
from bot.workflows.walk.answers import Change, Found
from bot.workflows.walk.scope import Scope, load, rec_in_topic
from bot.workflows.walk.thread import (
    adopt,
    advance,
    ask_anew,
    message_of,
    reposted,
    retire,
    showing,
)
from bot.workflows.walk.views import Question, Shown, Step, build_question
from store.models import Walk


def answer(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    status: str,
    clicked_ts: str,
    clicked_in: tuple[str, str] = ("", ""),
    now: datetime,
) -> Step:
    """Record the clicked status, then move to the next open recommendation. The same click
    again (same person, same value) once the walk has moved on changes nothing."""
    scope = load(session, catalog, user, walk_id, now=now, rec_id=rec_id)
    walk, rec = scope.walk, rec_in_topic(catalog, scope.walk, rec_id)
    adopt(walk, rec.id, clicked_ts, clicked_in)
    scope.sweep = scope.sweep or reposted(walk, rec.id)
    if status not in {o.value for o in catalog.options_for(rec)}:
        raise InvalidInput(
            "“{status}” is not an answer option for {rec}.", status=status, rec=rec.id
        )
    change = record(session, scope, rec.id, source="button", now=now, status=status)
    if not change.changed and rec.id != walk.current_recommendation_id:
        # Nothing to save, but the clicked copy still offered answers (its redraw failed, or the
        # walk never recorded it): it loses its buttons now, or every click on it goes unanswered.
        copies = _at(
            walk, rec.id, (clicked_ts, clicked_in), showing(catalog, scope, rec, asking=False)
        )
        clicked = [s for s in copies if not s.ts or s.ts == clicked_ts] or list(copies)
        live, live_ts = walk.current_recommendation_id or "", walk.current_message_ts or ""
        return Step(scope.place(catalog), tuple(clicked), live=live, live_ts=live_ts)
    walk.skipped = [r for r in walk.skipped if r != rec.id]
    shown = build_question(
        catalog,
        walk,
        rec,
        change.answer,
        asking=False,
        was_label=catalog.scale_label(change.before_status) if _other(change, user) else "",
        was_by=change.before_by if _other(change, user) else "",
    )
    saved = f"Your answer to {rec.id} was saved" if change.changed else ""
    return advance(
        catalog,
        scope,
        _at(walk, rec.id, (clicked_ts, clicked_in), shown),
        moved=rec.id,
        saved=saved,
    )


def skip(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    clicked_ts: str,
    clicked_in: tuple[str, str] = ("", ""),
    now: datetime,
) -> Step:
    """Leave the recommendation open for now and move on."""
    scope = load(session, catalog, user, walk_id, now=now, rec_id=rec_id)
    walk, rec = scope.walk, rec_in_topic(catalog, scope.walk, rec_id)
    adopt(walk, rec.id, clicked_ts, clicked_in)
    scope.sweep = scope.sweep or reposted(walk, rec.id)
    if rec.id != walk.current_recommendation_id:  # an old copy: it only loses its buttons
        old = showing(catalog, scope, rec, asking=False)
        return Step(scope.place(catalog), _at(walk, rec.id, (clicked_ts, clicked_in), old))
    walk.skipped = [*[r for r in walk.skipped if r != rec.id], rec.id]
    shown = showing(catalog, scope, rec, asking=False)
    return advance(catalog, scope, _at(walk, rec.id, (clicked_ts, clicked_in), shown), moved=rec.id)


def back(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    clicked_ts: str,
    clicked_in: tuple[str, str] = ("", ""),
    now: datetime,
) -> Step:
    """Ask the previous recommendation again; the clicked one loses its answer buttons."""
    scope = load(session, catalog, user, walk_id, now=now, rec_id=rec_id)
    walk, rec = scope.walk, rec_in_topic(catalog, scope.walk, rec_id)
    adopt(walk, rec.id, clicked_ts, clicked_in)
    recs = catalog.in_topic(walk.topic)
    index = recs.index(rec)
    if index == 0:
        raise InvalidInput("This is the first recommendation of the topic area.")
    earlier = recs[index - 1]
    redraw = [
        *_at(walk, rec.id, (clicked_ts, clicked_in), showing(catalog, scope, rec, asking=False))
    ]
    redraw += retire(catalog, scope, keep=rec.id)
    superseded, question = ask_anew(catalog, scope, earlier)
    return Step(scope.place(catalog), (*redraw, *superseded), ask=question)


def change(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    clicked_ts: str,
    clicked_in: tuple[str, str] = ("", ""),
    now: datetime,
) -> Step:
    """Re-open an answered recommendation in its own message, which becomes the live question."""
    scope = load(session, catalog, user, walk_id, now=now, rec_id=rec_id)
    walk, rec = scope.walk, rec_in_topic(catalog, scope.walk, rec_id)
    adopt(walk, rec.id, clicked_ts, clicked_in)
    ts = message_of(walk, rec.id, clicked_ts)
    redraw = retire(catalog, scope, keep=rec.id)
    walk.current_recommendation_id = rec.id
    question = showing(catalog, scope, rec)
    if not ts:  # no message of the walk shows it: ask it anew
        return Step(scope.place(catalog), tuple(redraw), ask=question)
    walk.current_message_ts = ts
    return Step(scope.place(catalog), (*redraw, Shown(ts, question)))


def record(
    session: Session,
    scope: Scope,
    rec_id: str,
    *,
    source: str,
    now: datetime,
    status: str | None = None,
    notes: str | None = None,
    resources: str | None = None,
) -> Change[Found]:
    """Change an answer of the walk's jurisdiction and cycle, as the scope's person."""
    walk = scope.walk
    change = answer_rows.write(
        session,
        scope.found.get(rec_id),
        cycle_id=walk.cycle_id,
        jurisdiction=walk.jurisdiction_code,
        rec_id=rec_id,
        actor=scope.user,
        agency=scope.role.agency,
        source=source,
        now=now,
        status=status,
        notes=notes,
        resources=resources,
    )
    scope.found[rec_id] = change.answer
    if change.changed:
        walk.last_recommendation_id = rec_id
        live_progress.clicked(walk, now)
    return change


def _other(change: Change[Found], user: str) -> bool:
    """This click replaced someone else's answer."""
    return change.changed and change.before_status is not None and change.before_by != user


def _at(
    walk: Walk, rec_id: str, clicked: tuple[str, tuple[str, str]], question: Question
) -> tuple[Shown, ...]:
    """`question` redrawn in the walk's message for it, and in the copy on record as asking it
    when another was clicked (a click's late post and `/assess`'s repair both showed it); when
    the clicked copy is not on record (posted but never written down, and too old to adopt), in
    a Shown with ts "": the Slack side finds that copy in the thread, or else its buttons would
    stay live while every click on it is saved. A copy in another thread of the walk's channel
    (a first thread never written down) is redrawn where it was clicked: Slack signed where that
    was."""
    clicked_ts, (channel, thread_ts) = clicked
    found = message_of(walk, rec_id, clicked_ts)
    at: tuple[Shown, ...] = (Shown(found, question),) if found else ()
    live = walk.current_message_ts if rec_id == walk.current_recommendation_id else None
    if live and live != found:  # two copies of the question asked: the one on record goes too
        at += (Shown(live, question),)
    if clicked_ts and clicked_ts in (walk.messages.get(rec_id) or []):
        return at
    elsewhere = channel == walk.channel_id and thread_ts not in ("", walk.thread_ts)
    if elsewhere:
        return (*at, Shown(clicked_ts, question))
    if not found or clicked_ts:
        at += (Shown("", question),)
    return at
