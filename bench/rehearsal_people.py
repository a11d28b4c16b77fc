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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.rehearsal_faults import FaultyStandIn, has_answers
from bot.handlers import ids
from sandbox.driver import buttons, text_of
from tests.slack_driver import SlackDriver

SETTLED = 0.3  # seconds without change in what one person sees: the bot is done answering
QUICK = 0.08  # the same once they see what they expected (their question answered, the next up)
LOOK = 0.05  # seconds at most between two looks
GLIMPSE = 0.015  # and at least
PATIENCE = 6.0  # seconds a person waits for any answer at all before trying again
REFUSED = 2.0  # the same after Slack told them the app did not answer
REPAIRS = 5  # times a person brings a thread up to date before leaving it for another day
SAVED = "was saved"  # "Your answer to HOU-1 was saved, but Slack did not update the thread …"
NOT_SAVED = "nothing of this was saved"
NOTES_SAVED = "were saved"  # "Your notes on HOU-1 were saved"


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

    def __init__(self, driver: SlackDriver, fake: FaultyStandIn, ledger: Ledger) -> None:
        self.driver, self.fake, self.ledger = driver, fake, ledger

    def live_question(self, person: Person, rec: str | None = None) -> dict[str, Any] | None:
        live = [
            m for m in self.fake.live_questions(person.channel) if rec is None or rec_of(m) == rec
        ]
        return live[-1] if live else None

    def seen_by(self, user: str, channels: list[str]) -> tuple[object, ...]:
        """What `user` sees: messages (with edits) in `channels`, ephemerals, open views."""
        return self.fake.glance(user, channels)

    def settle(
        self, user: str, channels: list[str], before: tuple[object, ...],
        done: Callable[[tuple[object, ...]], bool] | None = None, patience: float = PATIENCE,
    ) -> None:  # fmt: skip
        """Wait, as a person looks at Slack, until what they see changed and then stayed put
        (SETTLED; QUICK once `done` says it shows what the person expected)."""
        began = last_change = time.monotonic()
        seen, changed, version = before, False, -1
        while (now := time.monotonic()) - began < patience:
            quiet = QUICK if changed and done is not None and done(seen) else SETTLED
            if changed and now - last_change >= quiet:
                return
            wake = min(began + patience, last_change + quiet if changed else began + patience)
            version = self.fake.wait_change(version, max(0.005, min(LOOK, wake - now)))
            time.sleep(GLIMPSE)  # other people's changes wake everyone: look at most this often
            looked = self.seen_by(user, channels)
            if looked != seen:
                seen, changed, last_change = looked, True, time.monotonic()

    def command(self, person: Person, text: str, channels: list[str] | None = None) -> int:
        where = channels or [person.channel]
        before = self.seen_by(person.user, where)
        try:
            status = self.driver.command(person.user, text, channel=person.channel).status
        except OSError:  # a killed worker: the person tries again later
            return 0
        self.settle(person.user, where, before)
        return status

    def walk(
        self, person: Person, topic: str, choose: Any, *, rec: str | None = None,
        note: Callable[[str], str | None] = lambda _rec: None,
    ) -> int:  # fmt: skip
        """Answer the topic (or one recommendation) until no live question is left, adding
        the notes `note` gives for a recommendation; returns the number of clicks."""
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
            told = self.click(person, question, choose(statuses(question)))
            clicks += 1
            text = note(rec_of(question)) if told == "saved" else None
            if text:
                self.add_notes(person, question, text)
        self.ledger.error(f"{person.user} {topic}: the walk never ended")
        return clicks

    def click(self, person: Person, question: dict[str, Any], status: str) -> str:
        rec = rec_of(question)
        seen = len(self.fake.ephemerals(person.user))
        before = self.seen_by(person.user, [person.channel])
        began, sent = time.perf_counter(), time.monotonic()
        try:
            reply = self.driver.click(person.user, question, f"{ids.ANSWER}:{status}")
            http, ack_ms = reply.status, reply.ack_ms
        except OSError:  # the connection died with a killed worker: not acknowledged
            http, ack_ms = 0, (time.perf_counter() - began) * 1000
        # No HTTP 200: Slack shows the person an error at once; the bot may still have acted.
        patience = PATIENCE if http == 200 else REFUSED
        done = _answered_and_next(question)
        self.settle(person.user, [person.channel], before, done=done, patience=patience)
        told = self._told(person, question, seen)
        click = Click(person.user, person.code, rec, status, http, told, sent)
        click.next_ms = (time.perf_counter() - began) * 1000
        self.ledger.add(click, ack_ms)
        return told

    def add_notes(self, person: Person, question: dict[str, Any], text: str) -> None:
        """Open "Add notes" on an answered question and save `text`; note what they were told."""
        rec, where = rec_of(question), [person.channel]
        try:
            answered = self.fake.message(question["channel"], question["ts"])
            views = len(self.fake.views(person.user))
            self.driver.click(person.user, answered, ids.NOTES)
        except (OSError, LookupError):  # a killed worker, or no button to press: not now
            return
        self._until(lambda: len(self.fake.views(person.user)) > views, timeout=5.0)
        opened = self.fake.views(person.user)[views:]
        if not opened:
            return
        seen = len(self.fake.ephemerals(person.user))
        before = self.seen_by(person.user, where)
        values = {ids.NOTES_BLOCK: {ids.NOTES_INPUT: text}}
        try:
            http = self.driver.submit(person.user, opened[-1], values).status
        except OSError:
            http = 0
        self.settle(person.user, where, before)
        lines = [text_of(e) for e in self.fake.ephemerals(person.user)[seen:]]
        shown = text in json.dumps(self.fake.message(question["channel"], question["ts"]))
        told = (
            "not_saved" if any(NOT_SAVED in line for line in lines)
            else "saved" if http == 200 and (shown or any(NOTES_SAVED in x for x in lines))
            else "unknown"
        )  # fmt: skip
        self.ledger.noted(Note(person.user, person.code, rec, text, told))

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

    def told_of_escalation(self, person: Person) -> bool:
        """Whether the bot has told this point of contact of an overdue agency."""
        return any(
            str(_payload(m).get("key", "")).startswith("escalation:")
            for m in self.fake.messages(self.fake.dm_channel(person.user))
        )

    def _until(self, done: Any, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline:
            time.sleep(0.05)

    def snooze(self, person: Person, at: datetime) -> bool:
        """ "Snooze until Monday" on their latest digest; noted once the bot confirmed it."""
        dm = self.fake.messages(self.fake.dm_channel(person.user))
        digests = [m for m in dm if any(b["action_id"] == ids.SNOOZE_MONDAY for b, _ in buttons(m))]
        if not digests:
            return False
        where = [self.fake.dm_channel(person.user)]
        seen = len(self.fake.ephemerals(person.user))
        before = self.seen_by(person.user, where)
        try:
            http = self.driver.click(person.user, digests[-1], ids.SNOOZE_MONDAY).status
        except OSError:
            return False
        self.settle(person.user, where, before)
        lines = [text_of(e) for e in self.fake.ephemerals(person.user)[seen:]]
        if http == 200 and any("Snoozed" in x for x in lines):
            self.ledger.snoozed(person.user, at)
        return True


def _answered_and_next(question: dict[str, Any]) -> Callable[[tuple[object, ...]], bool]:
    """The usual outcome of a click, as `glance` shows it: the question redrawn without its
    buttons and a later one offering answers."""
    ts = float(question["ts"])

    def done(seen: tuple[object, ...]) -> bool:
        shown = seen[0]
        assert isinstance(shown, tuple)
        retired = any(float(m[0]) == ts and not m[3] for m in shown)
        return retired and any(float(m[0]) > ts and m[3] for m in shown)

    return done


def _payload(message: dict[str, Any]) -> dict[str, Any]:
    """The outbox's metadata on a message the bot sent (its idempotency key), or {}."""
    payload = (message.get("metadata") or {}).get("event_payload")
    return payload if isinstance(payload, dict) else {}
