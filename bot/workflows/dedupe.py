"""Events API deliveries: each event id is acted on once, whatever Slack retries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ProcessedEvent


def first_delivery(session: Session, event_id: str, now: datetime) -> bool:
    """Record the id; False when it was already recorded (a retry)."""
    if session.scalar(select(ProcessedEvent).where(ProcessedEvent.event_id == event_id)):
        return False
    session.add(ProcessedEvent(event_id=event_id, received_at=now))
    session.flush()
    return True
