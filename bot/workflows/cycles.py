"""Assessment cycles: at most one is open at a time."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.workflows.errors import InvalidInput, NoOpenCycle
from store.enums import CycleStatus
from store.models import Cycle


def open_cycle(session: Session) -> Cycle | None:
    return session.scalar(
        select(Cycle).where(Cycle.status == CycleStatus.OPEN).order_by(Cycle.id.desc())
    )


def require_open_cycle(session: Session) -> Cycle:
    cycle = open_cycle(session)
    if cycle is None:
        raise NoOpenCycle()
    return cycle


def create_cycle(session: Session, *, name: str, deadline: date, now: datetime) -> Cycle:
    """Open a new cycle; refused while another is open."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("A cycle needs a name.")
    existing = open_cycle(session)
    if existing is not None:
        raise InvalidInput("Cycle “{name}” is still open; close it first.", name=existing.name)
    if session.scalar(select(Cycle).where(Cycle.name == name)) is not None:
        raise InvalidInput("A cycle named “{name}” already exists.", name=name)
    cycle = Cycle(name=name, deadline=deadline, status=CycleStatus.OPEN, created_at=now)
    session.add(cycle)
    session.flush()
    return cycle


def list_cycles(session: Session) -> list[Cycle]:
    return list(session.scalars(select(Cycle).order_by(Cycle.id)))


def close_cycle(session: Session, *, now: datetime | None = None) -> Cycle:
    """Close the open cycle; its answers stay readable and exportable. `now` starts the
    retention period (RETENTION_DAYS); without it the retention job starts it when it runs."""
    cycle = require_open_cycle(session)
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = now
    session.flush()
    return cycle


def set_deadline(session: Session, *, deadline: date) -> Cycle:
    """Move the open cycle's deadline; reminders follow the new date."""
    cycle = require_open_cycle(session)
    cycle.deadline = deadline
    session.flush()
    return cycle


def rename_cycle(session: Session, *, name: str) -> Cycle:
    """Rename the open cycle; names stay unique so exports and the CLI can name a cycle."""
    cycle = require_open_cycle(session)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("A cycle needs a name.")
    clash = session.scalar(select(Cycle).where(Cycle.name == name, Cycle.id != cycle.id))
    if clash is not None:
        raise InvalidInput("A cycle named “{name}” already exists.", name=name)
    cycle.name = name
    session.flush()
    return cycle
