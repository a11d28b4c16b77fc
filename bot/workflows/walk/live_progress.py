"""Live progress on a walk's topic message, within Slack's limits for chat.update.

A click never updates the topic message itself: it pushes the walk's `progress_due_at` a pause
ahead, in the UPDATE of the walk it makes anyway (no statement more). The clock's dispatcher
then queues one outbox row per walk whose clicking paused, which the outbox sends through the
pacer like every other message. At most one such row per walk is pending at a time, so one
update per message is ever in flight; the summary at the end of a topic redraws the message
at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.notices import Compose, Notice
from bot.workflows.outbox import enqueue
from bot.workflows.walk.progress import topic_progress
from bot.workflows.walk.scope import topic_answers
from store.enums import OutboxStatus
from store.models import Cycle, OutboxMessage, Walk

PAUSE = timedelta(seconds=20)  # no click for this long: the topic message is redrawn
KIND = "walk_progress"
BATCH = 200  # walks queued per dispatcher round; the rest wait for the next
_WALKS = cast(Table, Walk.__table__)


def clicked(walk: Walk, now: datetime) -> None:
    """An answer of the walk's topic changed: redraw its topic message once clicking pauses."""
    walk.progress_due_at = now + PAUSE


def shown(walk: Walk) -> None:
    """The topic message was just redrawn with the current progress."""
    walk.progress_due_at = None


def queue_due(session: Session, catalog: Catalog, compose: Compose, *, now: datetime) -> list[str]:
    """Queue the redraw of every topic message whose walk paused; the keys queued."""
    due = session.execute(
        select(Walk.id, Walk.progress_due_at)
        .where(Walk.progress_due_at <= now, Walk.thread_ts.is_not(None))
        .order_by(Walk.progress_due_at)
        .limit(BATCH)
    ).all()
    keys = []
    for walk_id, due_at in due:
        if due_at is None or _in_flight(session, walk_id) or not _taken(session, walk_id, due_at):
            continue
        walk = session.get_one(Walk, walk_id)
        key = f"{KIND}:{walk_id}:{due_at.isoformat()}"
        words = compose(Notice(KIND, walk.channel_id, _context(session, catalog, walk)))
        extra = {"update_ts": walk.thread_ts}
        if enqueue(
            session, key=key, kind=KIND, recipient=walk.channel_id, text=words.text,
            blocks=words.blocks, now=now, extra=extra,
        ):  # fmt: skip
            keys.append(key)
    return keys


def _in_flight(session: Session, walk_id: int) -> bool:
    """A redraw of this walk's message is queued and not yet sent: the next one waits for it."""
    pending = select(OutboxMessage.id).where(
        OutboxMessage.idempotency_key.startswith(f"{KIND}:{walk_id}:"),
        OutboxMessage.status == OutboxStatus.PENDING,
    )
    return session.execute(pending.limit(1)).first() is not None


def _taken(session: Session, walk_id: int, due_at: datetime) -> bool:
    """Clear the due time unless a click moved it meanwhile (that click's pause comes later)."""
    taken = session.connection().execute(
        update(_WALKS)
        .where(_WALKS.c.id == walk_id, _WALKS.c.progress_due_at == due_at)
        .values(progress_due_at=None)
    )
    return bool(taken.rowcount)


def _context(session: Session, catalog: Catalog, walk: Walk) -> dict[str, Any]:
    """What the topic message shows, as plain data (a notice's context is JSON)."""
    cycle = session.get_one(Cycle, walk.cycle_id)
    topic = catalog.topic(walk.topic)
    progress = topic_progress(catalog, topic_answers(session, catalog, walk), walk.topic)
    return {
        "place": {
            "user": walk.slack_user_id,
            "jurisdiction": walk.jurisdiction_code,
            "cycle_name": cycle.name,
            "deadline": cycle.deadline.isoformat(),
            "topic": {"name": topic.name, "summary": topic.summary, "slug": topic.slug},
            "progress": {
                "answered": progress.answered,
                "total": progress.total,
                "complete": progress.complete,
            },
        }
    }
