"""The audit log: every export, report, backup, restore, forget and purge, with who and when.

Rows are only ever added. The actor is a Slack user id (from Slack) or `operator:<login>` (the
CLI); the scope says what was read or changed, never a forgotten person's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import AuditEvent

SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,31}$")


class Audited(StrEnum):
    EXPORT = "export"
    REPORT = "report"
    BACKUP = "backup"
    RESTORE = "restore"
    FORGET = "forget"
    PURGE = "purge"
    READMIT = "readmit"
    FEATURE = "feature"


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    scope: str

    @property
    def slack_user(self) -> bool:
        """The actor is a Slack user id (not the CLI, the retention job or a pseudonym)."""
        return bool(SLACK_USER.match(self.actor))

    def line(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S}Z  {self.actor:<24} {self.action:<8} {self.scope}"


def record(session: Session, *, actor: str, action: Audited, scope: str, now: datetime) -> None:
    """Add one audit row in the caller's transaction, so it commits with the work it records."""
    session.add(AuditEvent(at=now, actor=actor[:80], action=action.value, scope=scope))
    session.flush()


def recent(session: Session, *, limit: int = 50) -> list[AuditEntry]:
    """The newest entries first."""
    rows = session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    )
    return [AuditEntry(r.at, r.actor, r.action, r.scope) for r in rows]
