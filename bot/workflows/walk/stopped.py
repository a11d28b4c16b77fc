"""A jurisdiction that submits stops every walk of it from asking: no question may stay live in
a thread once the answers are locked (a click on it would only be refused).

The live questions are retired through the outbox, in the submission's transaction: a process
that stops right after the commit leaves the work to the clock instead of leaving buttons that
refuse every click, and a question a click was still posting when the submission committed is
waited for (`bot.thread_sweep.retire_thread`, and `bot.delivery` for the waiting)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.workflows.outbox import enqueue
from store.models import Walk

KIND = "retire"


def stop_asking(
    session: Session, cycle_id: int, jurisdiction: str, *, submission_id: int, now: datetime
) -> tuple[str, ...]:
    """Every walk of the jurisdiction that is asking a question stops; for each, and for each
    walk holding a message Slack failed to redraw, an outbox row retires the live questions of
    its thread (a copy the walk never recorded included). The keys of those rows."""
    walks = session.execute(
        select(
            Walk.id, Walk.channel_id, Walk.thread_ts, Walk.current_recommendation_id, Walk.outdated
        ).where(
            Walk.cycle_id == cycle_id,
            Walk.jurisdiction_code == jurisdiction,
            Walk.thread_ts.is_not(None),
        )
    ).all()
    # Asking, or holding a message Slack failed to redraw (it may still show answer buttons).
    asking = [row for row in walks if row.current_recommendation_id or row.outdated]
    if asking:
        session.execute(
            update(Walk)
            .where(Walk.id.in_([row.id for row in asking]))
            .values(current_recommendation_id=None, current_message_ts=None)
        )
    keys = []
    for row in asking:
        key = f"{KIND}:{row.id}:{submission_id}"
        asked = row.current_recommendation_id or ""
        spec = {"walk": row.id, "thread_ts": row.thread_ts, "asking": asked}
        text = f"The questions of walk {row.id} ({jurisdiction}) lose their buttons: submitted."
        if enqueue(
            session, key=key, kind=KIND, recipient=row.channel_id, text=text, now=now,
            extra={KIND: spec},
        ):  # fmt: skip
            keys.append(key)
    return tuple(keys)
