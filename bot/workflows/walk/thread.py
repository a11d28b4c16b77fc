"""One live question per walk: which thread message shows what, and what moves where.

The walk records every message it posted (`Walk.messages`); a click redraws one of those, never a
message the request names. Only the current question has answer buttons: whatever stops being
current is redrawn without them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.walk.answer_rows import of_recs
from bot.workflows.walk.answers import Answered
from bot.workflows.walk.progress import is_answered, status_counts
from bot.workflows.walk.scope import Scope, lock_walk
from bot.workflows.walk.views import Question, Shown, Step, build_question
from store.models import Walk


def adopt(walk: Walk, rec_id: str, clicked_ts: str, where: tuple[str, str]) -> None:
    """Record the clicked message as the walk's copy of `rec_id` when the walk has not yet:
    a new question's timestamp is written by the click on it, not by a second transaction
    after every post. Slack signs the request and only this app's messages carry its buttons;
    besides, the message must be in the walk's thread (`where`: channel, thread ts) and newer
    than every message the walk recorded, as the question posted last is. A walk with no thread
    written down yet takes the clicked message's."""
    channel, thread_ts = where
    if walk.thread_ts is None and channel and thread_ts and clicked_ts:
        # The request that opened the thread has not written it down yet (or could not): the
        # question clicked is in it, so the next one goes there too, not to the channel.
        walk.channel_id, walk.thread_ts = channel, thread_ts
    if not clicked_ts or channel != walk.channel_id or thread_ts != walk.thread_ts:
        return
    known = [ts for shown in walk.messages.values() for ts in shown]
    if not thread_ts or not all(_before(ts, clicked_ts) for ts in (thread_ts, *known)):
        return
    walk.messages = {**walk.messages, rec_id: [*(walk.messages.get(rec_id) or []), clicked_ts]}
    if rec_id == walk.current_recommendation_id and not walk.current_message_ts:
        walk.current_message_ts = clicked_ts


def reposted(walk: Walk, rec_id: str) -> bool:
    """The question being asked was posted anew by `/assess` (or its redraw failed): a click
    still posting it then may have left a second live copy, which the thread read back shows."""
    return rec_id == walk.current_recommendation_id and rec_id in walk.outdated


def _before(earlier: str, later: str) -> bool:
    """Slack's message timestamps ("seconds.micros") order the messages of a channel."""
    try:
        return Decimal(earlier) < Decimal(later)
    except ArithmeticError:
        return False


def message_of(walk: Walk, rec_id: str, clicked_ts: str = "") -> str:
    """The message showing `rec_id`: the clicked one if the walk posted it, else the latest."""
    shown = walk.messages.get(rec_id) or []
    if clicked_ts and clicked_ts in shown:
        return clicked_ts
    return shown[-1] if shown else ""


def showing(
    catalog: Catalog, scope: Scope, rec: Recommendation, *, asking: bool = True
) -> Question:
    """`rec` as it stands; a skipped one not being asked says so."""
    skipped = not asking and rec.id in (scope.walk.skipped or ())
    found = scope.found.get(rec.id)
    return build_question(catalog, scope.walk, rec, found, asking=asking, skipped=skipped)


def retire(catalog: Catalog, scope: Scope, *, keep: str = "") -> list[Shown]:
    """The live question stops being current; its message loses the answer buttons (unless it
    is `keep`, which the caller redraws itself)."""
    walk = scope.walk
    rec_id, ts = walk.current_recommendation_id, walk.current_message_ts
    walk.current_recommendation_id = walk.current_message_ts = None
    if rec_id is None or rec_id == keep or rec_id not in catalog.by_id:
        return []
    if not ts:  # posted, but its timestamp not written yet: the thread tells where it is
        scope.sweep = True
        return []
    rec = catalog.by_id[rec_id]
    return [Shown(ts, showing(catalog, scope, rec, asking=False))]


def ask_anew(catalog: Catalog, scope: Scope, rec: Recommendation) -> tuple[list[Shown], Question]:
    """`rec` asked in a new message at the end of the thread; its latest earlier copy (the ones
    before it were superseded when it was posted) is redrawn as superseded, so one message of
    the thread shows its answer."""
    walk = scope.walk
    walk.current_recommendation_id, walk.current_message_ts = rec.id, None
    earlier = message_of(walk, rec.id)
    question = showing(catalog, scope, rec)
    if not earlier:
        return [], question
    old = build_question(catalog, walk, rec, None, asking=False, superseded=True)
    return [Shown(earlier, old)], question


def first_open(
    catalog: Catalog, walk: Walk, found: Mapping[str, Answered]
) -> Recommendation | None:
    """The first recommendation neither answered nor skipped in this walk."""
    skipped = set(walk.skipped or ())
    recs = catalog.in_topic(walk.topic)
    return next((r for r in recs if not is_answered(found, r) and r.id not in skipped), None)


def advance(
    catalog: Catalog, scope: Scope, shown: Iterable[Shown], *, moved: str, saved: str = ""
) -> Step:
    """After `moved` was answered or skipped: ask the next open one, unless it is already the
    live question, or show the summary when nothing is left to ask."""
    walk, redraw = scope.walk, list(shown)
    nxt = first_open(catalog, walk, scope.found)
    if nxt is not None and nxt.id == walk.current_recommendation_id:
        # The live question stays: a search of the thread for a copy redrawn must spare it.
        live, live_ts = walk.current_recommendation_id, walk.current_message_ts or ""
        return Step(scope.place(catalog), tuple(redraw), saved=saved, live=live, live_ts=live_ts)
    redraw += retire(catalog, scope, keep=moved)
    if nxt is None:
        return summary(catalog, scope, redraw, saved=saved)
    superseded, question = ask_anew(catalog, scope, nxt)
    return Step(scope.place(catalog), (*redraw, *superseded), ask=question, saved=saved)


def summary(catalog: Catalog, scope: Scope, redraw: list[Shown], *, saved: str = "") -> Step:
    scope.walk.progress_due_at = None  # the topic message is redrawn with the summary
    counts = tuple(status_counts(catalog, scope.found, scope.walk.topic))
    return Step(
        scope.place(catalog),
        tuple(redraw),
        counts=counts,
        summary_ts=scope.walk.summary_ts or "",
        parent=True,
        saved=saved,
    )


class Recorded(NamedTuple):
    """What the bookkeeping reads of a walk."""

    id: int
    topic: str
    cycle_id: int
    jurisdiction_code: str
    messages: dict[str, list[str]]
    outdated: list[str]
    current_recommendation_id: str | None
    current_message_ts: str | None
    thread_ts: str | None


class Stray(NamedTuple):
    """A thread this request opened while another request opened the walk's thread first (two
    `/assess <topic>` at once): its messages, newest first, to delete; nothing of it is kept."""

    channel: str
    messages: tuple[str, ...]


_WALKS = cast(Table, Walk.__table__)
# Built once (a click only binds new values), run past the autoflush: the ORM holds no walk here.
_RECORD = select(*(_WALKS.c[name] for name in Recorded._fields)).where(
    _WALKS.c.id == bindparam("walk_id")
)
_SAVE = update(_WALKS).where(_WALKS.c.id == bindparam("walk_id"))


def posted(
    session: Session,
    catalog: Catalog,
    *,
    walk_id: int,
    thread: tuple[str, str] | None = None,
    asked: tuple[str, str] | None = None,
    summary_ts: str = "",
    outdated: Iterable[str] = (),
) -> Shown | Stray | None:
    """Bookkeeping after the Slack calls: the timestamps only Slack can give (a new thread, the
    question just posted, the summary), and the messages Slack failed to redraw. Returns the
    question just posted when a click moved the walk on while it was being posted: it must
    lose its answer buttons; or a Stray when the walk's thread was recorded first by another
    request. Plain SQL: it runs after every click and touches one row."""
    lock_walk(session, walk_id)
    row = session.connection().execute(_RECORD, {"walk_id": walk_id}).one_or_none()
    if row is None:
        return None
    walk, changes = Recorded(*row), dict[str, object]()
    if thread is not None:
        if walk.thread_ts and walk.thread_ts != thread[1]:
            posted_here = [ts for ts in (summary_ts, asked[1] if asked else "") if ts]
            return Stray(thread[0], (*posted_here, thread[1]))
        changes["channel_id"], changes["thread_ts"] = thread
    if summary_ts:
        changes["summary_ts"] = summary_ts
    late = set(outdated) - set(walk.outdated)
    if late:
        changes["outdated"] = sorted({*walk.outdated, *late})
    stale = None
    if asked is not None:
        rec_id, ts = asked
        changes["messages"] = {**walk.messages, rec_id: [*walk.messages.get(rec_id, []), ts]}
        if walk.current_recommendation_id != rec_id:
            rec = catalog.by_id[rec_id]
            found = of_recs(session, walk.cycle_id, walk.jurisdiction_code, [rec_id]).get(rec_id)
            stale = Shown(ts, build_question(catalog, walk, rec, found, asking=False))
        elif not walk.current_message_ts:
            changes["current_message_ts"] = ts
    if changes:
        session.connection().execute(_SAVE, {"walk_id": walk_id, **changes})
    return stale
