"""A jurisdiction that submits stops every walk of it from asking: no question may stay live in
a thread once the answers are locked (a click on it would only be refused)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import Walk


class InThread(NamedTuple):
    """A walk's thread, where the Slack side retires every live question (the walk stopped
    asking: its state submitted)."""

    walk_id: int
    channel_id: str
    thread_ts: str


def stop_asking(session: Session, cycle_id: int, jurisdiction: str) -> tuple[InThread, ...]:
    """Every walk of the jurisdiction that is asking a question stops; their threads, and those
    of walks with a message Slack failed to redraw, whose live questions the Slack side retires
    (a copy the walk never recorded included)."""
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
    return tuple(InThread(row.id, row.channel_id, row.thread_ts or "") for row in asking)
