"""What the rehearsal's people do in Slack (the people and the ledger: bench/rehearsal_ledger.py).

People answer by clicking over signed HTTP, exactly as Slack sends the clicks; after
each click they look at what Slack shows them, as a person would, and note it in the ledger.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bench.rehearsal_faults import FaultyStandIn, has_answers
from bench.rehearsal_ledger import Click, Ledger, Note, Person
from bot.handlers import ids
from sandbox.driver import buttons, text_of
from tests.slack_driver import SlackDriver

SETTLED = 0.3  # seconds without change in what one person sees: the bot is done answering
QUICK = 0.08  # the same once they see what they expected (their question answered, the next up)
PARTIAL = 1.5  # the same while they see only part of it (the answer redrawn, no next question)
LOOK = 0.05  # seconds at most between two looks
GLIMPSE = 0.015  # and at least
PATIENCE = 6.0  # seconds a person waits for any answer at all before trying again
REFUSED = 2.0  # the same after Slack told them the app did not answer
DEAF = 3  # clicks on one question with no visible reply: a finding, and the person leaves it
REPAIRS = 5  # times a person brings a thread up to date before leaving it for another day
SAVED = "was saved"  # "Your answer to HOU-1 was saved, but Slack did not update the thread …"
NOT_SAVED = "nothing of this was saved"
LOCKED = "nothing was recorded. The Committee can reopen it"  # the state had submitted
NOTES_SAVED = "were saved"  # "Your notes on HOU-1 were saved"


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
        for SETTLED; given `done`, for QUICK once it says they see what they expected, else for
        PARTIAL (the next question may wait for Slack's one post a second in a channel)."""
        began = last_change = time.monotonic()
        seen, changed, version = before, False, -1
        while (now := time.monotonic()) - began < patience:
            quiet = SETTLED if done is None else QUICK if done(seen) else PARTIAL
            if changed and now - last_change >= quiet:
                return
            wake = min(began + patience, last_change + quiet if changed else began + patience)
            version = self.fake.wait_change(version, max(0.005, min(LOOK, wake - now)))
            time.sleep(GLIMPSE)  # other people's changes wake everyone: look at most this often
            looked = self.seen_by(user, channels)
            if looked != seen:
                seen, changed, last_change = looked, True, time.monotonic()

    def command(
        self, person: Person, text: str, channels: list[str] | None = None,
        done: Callable[[tuple[object, ...]], bool] | None = None,
    ) -> int:  # fmt: skip
        where = channels or [person.channel]
        before = self.seen_by(person.user, where)
        try:
            status = self.driver.command(person.user, text, channel=person.channel).status
        except OSError:  # a killed worker: the person tries again later
            return 0
        self.settle(person.user, where, before, done=done)
        return status

    def walk(
        self, person: Person, topic: str, choose: Any, *, rec: str | None = None,
        note: Callable[[str], str | None] = lambda _rec: None,
        finished: Callable[[], bool] = lambda: False,
    ) -> int:  # fmt: skip
        """Answer the topic (or one recommendation) until no live question is left, adding
        the notes `note` gives for a recommendation; returns the number of clicks. Nothing
        live and the topic `finished` (the thread's summary says so): done, no repair."""
        clicks, repairs, deaf = 0, 0, dict[str, int]()
        self.begin(person, topic, rec)
        while clicks < 60:
            question = self.live_question(person, rec)
            if question is None:
                if repairs >= REPAIRS or (rec is not None and clicks) or finished():
                    return clicks
                repairs += 1  # nothing live: `/assess <topic>` brings the thread up to date
                time.sleep(0.3)  # Slack in trouble: the person tries again shortly
                self.begin(person, topic, rec)
                continue
            told = self.click(person, question, choose(statuses(question)))
            if told == "refused":  # the state submitted meanwhile: nothing more to answer here
                return clicks + 1
            clicks, repairs = clicks + 1, 0 if told == "saved" else repairs
            deaf[question["ts"]] = deaf.get(question["ts"], 0) + (told == "unknown")
            if deaf[question["ts"]] >= DEAF:
                self.ledger.error(f"{person.user} {rec_of(question)}: {DEAF} clicks, no reply")
                return clicks
            text = note(rec_of(question)) if told == "saved" else None
            if text:
                self.add_notes(person, question, text)
        self.ledger.error(f"{person.user} {topic}: the walk never ended")
        return clicks

    def begin(self, person: Person, topic: str, rec: str | None = None) -> None:
        """`/assess <topic> [rec]`: start the walk or bring its thread up to date. A partner has
        no slash command: they press the topic's Start on the bot's welcome in their channel."""
        if not person.partner:
            self.command(person, f"{topic} {rec}" if rec else topic, done=_asking)
            return
        welcome = next(
            (m for m in self.fake.messages(person.channel, top_level_only=True)
             if any(b["action_id"] == ids.CONTINUE and b.get("value", "").split()[:1] == [topic]
                    for b, _ in buttons(m))),
            None,
        )  # fmt: skip
        if welcome is None:
            return
        before = self.seen_by(person.user, [person.channel])
        try:
            self.driver.click(
                person.user,
                welcome,
                lambda b: b["action_id"] == ids.CONTINUE and b["value"].split()[0] == topic,
            )
        except OSError:  # a killed worker: the person tries again
            return
        self.settle(person.user, [person.channel], before, done=_asking)

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
        click.next_ms, click.read = (time.perf_counter() - began) * 1000, self.fake.calendar()
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
        if any(LOCKED in line for line in lines):
            return "refused"  # the state submitted meanwhile: told so, nothing stored
        if any(SAVED in line for line in lines):
            return "saved"
        now = self.fake.message(question["channel"], question["ts"])
        return "saved" if not has_answers(now) else "unknown"

    def submit(self, person: Person) -> bool:
        """Open the submission form and send it; whether the person was told it is in."""
        before_views = len(self.fake.views(person.user))
        self.command(person, "submit")
        # Only a form this command opened: an older one (a notes modal) is closed in Slack.
        views = self.fake.views(person.user)[before_views:]
        if not views:
            return False
        dm_channel = self.fake.dm_channel(person.user)
        before = self.seen_by(person.user, [dm_channel])
        reply = self.driver.submit(person.user, views[-1], {})
        self.settle(person.user, [dm_channel], before)
        dm = self.fake.messages(self.fake.dm_channel(person.user))
        return reply.status == 200 and any("is submitted" in m.get("text", "") for m in dm[-3:])

    def reopen(self, committee: str, code: str, tries: int = 3) -> None:
        """Reopen from the App Home, as a Committee member would, trying again (up to `tries`)
        when the form did not open (Slack failing, a killed worker): the check afterwards says
        whether the state was reopened in the end."""
        for _ in range(tries):
            try:
                if self._reopen_once(committee, code):
                    return
            except OSError:  # a killed worker: the connection died
                continue

    def _reopen_once(self, committee: str, code: str) -> bool:
        dm = [self.fake.dm_channel(committee)]
        self.driver.open_home(committee)
        self._until(lambda: self.fake.home(committee) is not None)
        before, views = self.seen_by(committee, dm), len(self.fake.views(committee))
        self.driver.click_home(
            committee, lambda b: b["action_id"] == ids.REOPEN_OPEN and b.get("value") == code
        )
        self.settle(committee, dm, before)
        opened = self.fake.views(committee)[views:]  # only a form this click opened
        if not opened:
            return False
        reason = {ids.REOPEN_REASON_BLOCK: {ids.REOPEN_REASON_INPUT: "Two answers disagree."}}
        before = self.seen_by(committee, dm)
        self.driver.submit(committee, opened[-1], reason)
        self.settle(committee, dm, before)
        return True

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


def _asking(seen: tuple[object, ...]) -> bool:
    """A question offers answers (what `/assess <topic>` shows, as `glance` has it)."""
    shown = seen[0]
    assert isinstance(shown, tuple)
    return any(m[3] for m in shown)


def _payload(message: dict[str, Any]) -> dict[str, Any]:
    """The outbox's metadata on a message the bot sent (its idempotency key), or {}."""
    payload = (message.get("metadata") or {}).get("event_payload")
    return payload if isinstance(payload, dict) else {}
