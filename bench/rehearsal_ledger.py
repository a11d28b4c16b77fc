"""The rehearsal's people and the ledger of what each did and was told.

Each jurisdiction has a point of contact and two agencies in the Committee's workspace, who
split the 12 topic areas; a third agency from a partner organisation joins once the rehearsal
invites it by email through Slack Connect (`partner_agency`, the hook: until then the POC keeps
its topics). The ledger is what the checks at the end read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Person:
    user: str
    code: str  # jurisdiction
    role: str  # poc | agency
    topics: list[str]
    channel: str
    tz: str


def partner_agency(code: str, topics: list[str]) -> Person | None:
    """The partner organisation's agency, invited by email through Slack Connect. Not yet
    possible: returns None and the POC keeps these topics. When Slack Connect invitations
    exist, return a Person in the partner's workspace here, and the rehearsal seeds it."""
    del code, topics
    return None


@dataclass
class Click:
    user: str
    code: str
    rec: str
    status: str
    http: int
    told: str  # saved | not_saved | unknown
    sent: float = 0.0  # monotonic seconds when the click left
    at: float = field(default_factory=time.monotonic)  # when the person had read the reply
    next_ms: float = 0.0


@dataclass
class Note:
    user: str
    code: str
    rec: str
    text: str
    told: str  # saved | not_saved | unknown


class Ledger:
    """Everything the people did and were told, in order; thread-safe."""

    def __init__(self) -> None:
        self.clicks: list[Click] = []
        self.notes: list[Note] = []
        self.snoozes: list[tuple[str, datetime]] = []  # (user, when) "until Monday" clicked
        self.acks_ms: list[float] = []
        self.submitted: dict[str, list[datetime]] = {}
        self.reopened: dict[str, list[datetime]] = {}
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def add(self, click: Click, ack_ms: float) -> None:
        with self._lock:
            self.clicks.append(click)
            self.acks_ms.append(ack_ms)

    def noted(self, note: Note) -> None:
        with self._lock:
            self.notes.append(note)

    def snoozed(self, user: str, at: datetime) -> None:
        with self._lock:
            self.snoozes.append((user, at))

    def note(self, what: dict[str, list[datetime]], code: str, at: datetime) -> None:
        with self._lock:
            what.setdefault(code, []).append(at)

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)
