"""The rehearsal's people and the ledger of what each did and was told.

Each jurisdiction has a point of contact and two agencies in the Committee's workspace, who
split the 12 topic areas; a third agency from a partner organisation joins once invitations by
email through Slack Connect exist (`partner_agency`, the hook: until then the POC keeps its
topics). People answer by clicking over signed HTTP, exactly as Slack sends the clicks; after
each click they look at what Slack shows them, as a person would, and note it in the ledger.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.handlers import ids
from sandbox.driver import buttons, text_of
from sandbox.slack import FakeSlack
from tests.slack_driver import SlackDriver

SETTLED = 0.3  # seconds without change in what one person sees: the bot is done answering
PATIENCE = 15.0  # seconds a person waits for any answer at all
REPAIRS = 5  # times a person brings a thread up to date before leaving it for another day
SAVED = "was saved"  # "Your answer to HOU-1 was saved, but Slack did not update the thread …"
NOT_SAVED = "nothing of this was saved"


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


class Ledger:
    """Everything the people did and were told, in order; thread-safe."""

    def __init__(self) -> None:
        self.clicks: list[Click] = []
        self.acks_ms: list[float] = []
        self.submitted: dict[str, list[datetime]] = {}
        self.reopened: dict[str, list[datetime]] = {}
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def add(self, click: Click, ack_ms: float) -> None:
        with self._lock:
            self.clicks.append(click)
            self.acks_ms.append(ack_ms)

    def note(self, what: dict[str, list[datetime]], code: str, at: datetime) -> None:
        with self._lock:
            what.setdefault(code, []).append(at)

    def error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)


def has_answers(message: dict[str, Any]) -> bool:
    return any(b["action_id"].startswith(f"{ids.ANSWER}:") for b, _ in buttons(message))


def statuses(message: dict[str, Any]) -> list[str]:
    """The answers a question offers (some recommendations admit only some of the scale)."""
    prefix = f"{ids.ANSWER}:"
    return [
        b["action_id"][len(prefix) :]
        for b, _ in buttons(message)
        if b["action_id"].startswith(prefix)
    ]


def rec_of(message: dict[str, Any]) -> str:
    button = next(b for b, _ in buttons(message) if b["action_id"].startswith(f"{ids.ANSWER}:"))
    return str(json.loads(button["value"])["r"])


class Actor:
    """What one person does in Slack, and what they read back."""

    def __init__(self, driver: SlackDriver, fake: FakeSlack, ledger: Ledger) -> None:
        self.driver, self.fake, self.ledger = driver, fake, ledger

    def live_question(self, person: Person, rec: str | None = None) -> dict[str, Any] | None:
        live = [
            m
            for m in self.fake.messages(person.channel)
            if m.get("user") == "UBOT" and has_answers(m) and (rec is None or rec_of(m) == rec)
        ]
        return live[-1] if live else None

    def seen_by(self, user: str, channels: list[str]) -> tuple[object, ...]:
        """What `user` sees: messages (with edits) in `channels`, ephemerals, open views."""
        shown = [
            (m.get("ts"), m.get("text"), len(m.get("blocks") or []))
            for c in channels
            for m in self.fake.messages(c)
        ]
        return (tuple(shown), len(self.fake.ephemerals(user)), len(self.fake.views(user)))

    def settle(self, user: str, channels: list[str], before: tuple[object, ...]) -> None:
        """Wait, as a person looks at Slack, until what they see changed and then stayed put."""
        began = last_change = time.monotonic()
        seen, changed = before, False
        while time.monotonic() - began < PATIENCE:
            time.sleep(0.05)
            now = self.seen_by(user, channels)
            if now != seen:
                seen, changed, last_change = now, True, time.monotonic()
            elif changed and time.monotonic() - last_change >= SETTLED:
                return

    def command(self, person: Person, text: str, channels: list[str] | None = None) -> int:
        where = channels or [person.channel]
        before = self.seen_by(person.user, where)
        try:
            status = self.driver.command(person.user, text, channel=person.channel).status
        except OSError:  # a killed worker: the person tries again later
            return 0
        self.settle(person.user, where, before)
        return status

    def walk(self, person: Person, topic: str, choose: Any, *, rec: str | None = None) -> int:
        """Answer the topic (or one recommendation) until no live question is left; returns
        the number of clicks."""
        clicks, repairs = 0, 0
        self.command(person, f"{topic} {rec}" if rec else topic)
        while clicks < 60:
            question = self.live_question(person, rec)
            if question is None:
                if repairs >= REPAIRS or (rec is not None and clicks):
                    return clicks
                repairs += 1  # nothing live: `/assess <topic>` brings the thread up to date
                time.sleep(repairs * 0.5)  # Slack in trouble: the person tries again shortly
                self.command(person, f"{topic} {rec}" if rec else topic)
                continue
            self.click(person, question, choose(statuses(question)))
            clicks += 1
        self.ledger.error(f"{person.user} {topic}: the walk never ended")
        return clicks

    def click(self, person: Person, question: dict[str, Any], status: str) -> None:
        rec = rec_of(question)
        seen = len(self.fake.ephemerals(person.user))
        before = self.seen_by(person.user, [person.channel])
        began, sent = time.perf_counter(), time.monotonic()
        try:
            reply = self.driver.click(person.user, question, f"{ids.ANSWER}:{status}")
            http, ack_ms = reply.status, reply.ack_ms
        except OSError:  # the connection died with a killed worker: not acknowledged
            http, ack_ms = 0, (time.perf_counter() - began) * 1000
        self.settle(person.user, [person.channel], before)
        told = self._told(person, question, seen)
        click = Click(person.user, person.code, rec, status, http, told, sent)
        click.next_ms = (time.perf_counter() - began) * 1000
        self.ledger.add(click, ack_ms)

    def _told(self, person: Person, question: dict[str, Any], seen: int) -> str:
        lines = [text_of(e) for e in self.fake.ephemerals(person.user)[seen:]]
        if any(NOT_SAVED in line for line in lines):
            return "not_saved"
        if any(SAVED in line for line in lines):
            return "saved"
        now = self.fake.message(question["channel"], question["ts"])
        return "saved" if not has_answers(now) else "unknown"

    def submit(self, person: Person, at: datetime) -> bool:
        self.command(person, "submit")
        views = self.fake.views(person.user)
        if not views:
            return False
        dm_channel = self.fake.dm_channel(person.user)
        before = self.seen_by(person.user, [dm_channel])
        reply = self.driver.submit(person.user, views[-1], {})
        self.settle(person.user, [dm_channel], before)
        dm = self.fake.messages(self.fake.dm_channel(person.user))
        done = reply.status == 200 and any("is submitted" in m.get("text", "") for m in dm[-3:])
        if done:
            self.ledger.note(self.ledger.submitted, person.code, at)
        return done

    def reopen(self, committee: str, code: str, at: datetime) -> None:
        dm = [self.fake.dm_channel(committee)]
        before = self.seen_by(committee, dm)
        self.driver.open_home(committee)
        self._until(lambda: self.fake.home(committee) is not None)
        before = self.seen_by(committee, dm)
        self.driver.click_home(
            committee, lambda b: b["action_id"] == ids.REOPEN_OPEN and b.get("value") == code
        )
        self.settle(committee, dm, before)
        reason = {ids.REOPEN_REASON_BLOCK: {ids.REOPEN_REASON_INPUT: "Two answers disagree."}}
        before = self.seen_by(committee, dm)
        reply = self.driver.submit(committee, self.fake.views(committee)[-1], reason)
        self.settle(committee, dm, before)
        if reply.status == 200:
            self.ledger.note(self.ledger.reopened, code, at)

    def _until(self, done: Any, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            time.sleep(0.05)

    def snooze(self, person: Person) -> bool:
        dm = self.fake.messages(self.fake.dm_channel(person.user))
        digests = [m for m in dm if any(b["action_id"] == ids.SNOOZE_DAY for b, _ in buttons(m))]
        if not digests:
            return False
        where = [self.fake.dm_channel(person.user)]
        before = self.seen_by(person.user, where)
        self.driver.click(person.user, digests[-1], ids.SNOOZE_DAY)
        self.settle(person.user, where, before)
        return True
