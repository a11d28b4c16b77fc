"""The rehearsal's people and the ledger of what each did and was told.

Each jurisdiction has a point of contact and two agencies in the Committee's workspace, who
split the 12 topic areas, and a third agency from a partner organisation that the point of
contact invites by email through Slack Connect (`partner_agency`). The ledger is what the checks
at the end read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from sandbox.slack.partners import PARTNER_TEAM


@dataclass
class Person:
    user: str
    code: str  # jurisdiction
    role: str  # poc | agency
    topics: list[str]
    channel: str  # where they answer: their DM with the bot, a partner the shared channel
    tz: str
    team: str = ""  # a partner organisation's Slack team; "" for the Committee's workspace

    @property
    def partner(self) -> bool:
        return bool(self.team)

    @property
    def email(self) -> str:
        return f"{self.user.lower()}@{self.code.lower()}-partner.example"


def partner_agency(code: str, topics: list[str], tz: str) -> Person:
    """The partner organisation's agency, invited by email through Slack Connect. Not seeded:
    its channel is the jurisdiction's shared one, known once the invitation is accepted."""
    return Person(f"UX{code}3", code, "agency", topics, "", tz, team=PARTNER_TEAM)


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
    read: float = 0.0  # the same instant on the bot's calendar (epoch seconds; 0: not known)


@dataclass
class Request:
    """An "Ask for changes" by a point of contact, and what became of it."""

    code: str
    rec: str
    poc: str
    agency: str  # who gave the answer, and is asked to change it
    comment: str
    told: str  # asked | unknown: what the POC saw after sending it
    answered: str = ""  # the agency's new answer, once stored
    accepted: bool = False  # the POC accepted the new answer (as the database holds)


@dataclass
class Away:
    """A person who said they are away, from `at` (the calendar's instant) until `back_on`."""

    user: str
    at: datetime
    back_on: date
    told: str  # saved | unknown


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
        self.requests: list[Request] = []
        self.away: list[Away] = []
        self.partners: dict[str, str] = {}  # partner user -> the shared channel, once joined
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

    def asked(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def went_away(self, away: Away) -> None:
        with self._lock:
            self.away.append(away)

    def note(self, what: dict[str, list[datetime]], code: str, at: datetime) -> None:
        with self._lock:
            what.setdefault(code, []).append(at)

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)
