"""Events API deliveries: each event id is acted on once, whatever Slack retries.

The id is recorded in the same transaction as the work it guards: when the work fails, the
id goes with it, and Slack's retry does the work again instead of being dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ProcessedEvent

T = TypeVar("T")


def seen(session: Session, event_id: str) -> bool:
    return (
        session.scalar(select(ProcessedEvent).where(ProcessedEvent.event_id == event_id))
        is not None
    )


def first_delivery(session: Session, event_id: str, now: datetime) -> bool:
    """Record the id; False when it was already recorded (a retry)."""
    if seen(session, event_id):
        return False
    session.add(ProcessedEvent(event_id=event_id, received_at=now))
    session.flush()
    return True


def once(
    session: Session, event_id: str | None, now: datetime, work: Callable[[Session], T]
) -> T | None:
    """`work(session)` unless this event was already handled (then None); commit both together."""
    if event_id and not first_delivery(session, event_id, now):
        return None
    return work(session)
