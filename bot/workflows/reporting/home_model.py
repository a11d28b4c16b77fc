"""App Home read models, one per role: plain frozen data for the templates, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.workflows.privacy.audit import AuditEntry
from bot.workflows.walk.progress import TopicProgress
from store.models import Cycle


@dataclass(frozen=True)
class CycleInfo:
    name: str
    deadline: date
    days_left: int


@dataclass(frozen=True)
class Submitted:
    at: datetime
    by: str
    by_name: str = ""  # for the Committee's table, which names people


@dataclass(frozen=True)
class Member:
    id: int
    user: str
    agency: str
    topics: tuple[str, ...]  # topic names; empty means every topic
    name: str = ""  # display name for readers; `user` stays for machines


@dataclass(frozen=True)
class Change:
    rec_id: str
    by: str
    agency: str
    was: str
    now: str
    by_name: str = ""


@dataclass(frozen=True)
class Row:
    """One jurisdiction in the Committee's table."""

    code: str
    name: str
    poc: str
    answered: int
    submitted: Submitted | None
    poc_name: str = ""


@dataclass(frozen=True)
class Home:
    """`role` picks the template (poc, agency, committee, stranger); the rest is what it shows."""

    role: str
    user: str
    cycle: CycleInfo | None = None
    jurisdiction: str = ""
    code: str = ""
    agency: str = ""
    invited_by: str = ""
    away_until: date | None = None
    submitted: Submitted | None = None
    topics: tuple[TopicProgress, ...] = ()
    members: tuple[Member, ...] = ()
    more_members: int = 0
    changes: tuple[Change, ...] = ()
    more_changes: int = 0
    since: datetime | None = None
    rows: tuple[Row, ...] = ()
    total: int = 0
    committee: tuple[str, ...] = ()  # display names of Committee members, for strangers
    others: tuple[str, ...] = ()  # other jurisdictions this person answers for
    audit: tuple[AuditEntry, ...] = ()  # the Committee's: newest data access and deletions
    invited_by_name: str = ""
    places: tuple[tuple[str, str], ...] = ()  # (code, name) of each, for the Home's switcher
    invites: tuple[Any, ...] = ()  # a POC's invitations by email not yet joined (PendingInvite)
    more_invites: int = 0

    def as_context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def cycle_info(cycle: Cycle | None, now: datetime, tz: str) -> CycleInfo | None:
    if cycle is None:
        return None
    today = now.astimezone(ZoneInfo(tz)).date()
    return CycleInfo(cycle.name, cycle.deadline, (cycle.deadline - today).days)
