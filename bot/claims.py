"""Outbox row claims. A claim is a conditional UPDATE that holds the row for one lease and stamps
it with a fresh token; a dispatcher re-checks its token (renewing the lease) just before posting,
so one that stalled past its lease while another took the row over posts nothing.

Leases are measured on the wall clock, whatever instant the sender was told it is (`--now`):
every process must agree on when a lease runs out."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session, sessionmaker

from store.enums import OutboxStatus
from store.models import OutboxMessage

LEASE = timedelta(minutes=2)


def wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Due:
    id: int
    key: str
    recipient: str


# Called between a row's claim and its post; tests use it to stall one dispatcher there.
BeforePost = Callable[[Due], None]


@dataclass(frozen=True)
class Claimed:
    row: Due
    token: str
    lease_clock: Callable[[], datetime] = wall_clock


def claim(sessions: sessionmaker[Session], row_id: int, now: datetime) -> str | None:
    """Take the row for one lease from `now` (the wall clock); the token returned identifies
    this claim and no other."""
    token = uuid.uuid4().hex
    with sessions() as session, session.begin():
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.status == OutboxStatus.PENDING,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .values(
                claimed_until=now + LEASE,
                claim_token=token,
                attempts=OutboxMessage.attempts + 1,
            )
        )
        return token if getattr(result, "rowcount", 0) else None


def still_mine(session: Session, claim: Claimed) -> bool:
    """The fence: renew the lease only if the row is still pending under this claim's token.
    A dispatcher that stalled while another took the row over (new token) gets False."""
    now = claim.lease_clock()
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == claim.row.id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.claim_token == claim.token,
        )
        .values(claimed_until=now + LEASE)
    )
    return bool(getattr(result, "rowcount", 0))
