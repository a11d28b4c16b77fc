"""One working day of the rehearsal: the people whose day it is answer their topic areas, some
change an answer, some snooze a reminder, a few go away for some days; points of contact bring
their partner agency in through Slack Connect, cover what an agency never did once the deadline
has passed, review (some ask for changes, which are answered) and submit when every answer is
in; the Committee reopens three submissions after the deadline, which are fixed and submitted
again. One state never submits."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bench.rehearsal_away import go_away
from bench.rehearsal_connect import Partners
from bench.rehearsal_faults import FaultyStandIn
from bench.rehearsal_ledger import Ledger, Person
from bench.rehearsal_people import Actor
from bench.rehearsal_plan import Calendar, Plan
from bench.rehearsal_review import Reviews
from bot.catalog import Catalog
from bot.workflows.cycles import create_cycle
from sandbox.slack import FakeSlack
from store.models import Answer, OutboxMessage, Submission
from tests.factories import add_participant
from tests.slack_driver import SlackDriver

PREFERRED = ("tier_2", "tier_1", "tier_1", "not_yet", "unsure")


def seed_world(
    sessions: sessionmaker[Session], fake: FakeSlack, plan: Plan, calendar: Calendar, *,
    now: datetime,
) -> None:  # fmt: skip
    """The cycle, the Committee and every person, as the Committee's set-up leaves them."""
    with sessions() as session, session.begin():
        create_cycle(session, name="2027 State Self-Assessment", deadline=calendar.deadline,
                     now=now)  # fmt: skip
    fake.add_user(plan.committee, tz="America/New_York")
    add_participant(sessions, plan.committee, None, "committee", now=now)
    for p in plan.people:
        if p.partner:
            continue  # of another organisation: invited by email, through Slack Connect
        fake.add_user(p.user, tz=p.tz)
        p.channel = fake.dm_channel(p.user)  # each walks in their DM with the bot
        agency = "" if p.role == "poc" else f"{p.code} agency {p.user[-1]}"
        add_participant(sessions, p.user, p.code, p.role, now=now, topics=p.topics if
                        p.role == "agency" else (), agency=agency, tz=p.tz)  # fmt: skip


class Day:
    def __init__(
        self, plan: Plan, driver: SlackDriver, fake: FaultyStandIn, ledger: Ledger,
        sessions: sessionmaker[Session], catalog: Catalog, calendar: Calendar, seed: int,
    ) -> None:  # fmt: skip
        self.plan, self.fake, self.ledger, self.sessions = plan, fake, ledger, sessions
        self.catalog, self.calendar = catalog, calendar
        self.actor = Actor(driver, fake, ledger)
        self.partners = Partners(self.actor, sessions)
        self.busy = {p.user: threading.Lock() for p in plan.people}  # one sitting at a time
        self.reviews = Reviews(self.actor, sessions, catalog, plan, self.busy)
        self.done: set[tuple[str, str]] = set()  # (user, topic) walked to the end
        self.to_fix: set[str] = set()  # reopened, waiting for their POC
        self.reopened: set[str] = set()  # the Committee reopens each planned state once
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def work(self, pool: ThreadPoolExecutor, now: datetime) -> None:
        today = now.date()
        if today > self.calendar.deadline:
            try:
                self._reopen(now)
            except Exception as exc:  # a killed worker, Slack failing: tried again tomorrow
                self.ledger.error(f"{self.plan.committee} reopening: {exc!r}")
        due = [
            p for p in self.plan.people
            if ((start := self.plan.start_day[p.user]) is not None and start <= today)
            or p.role == "poc"
        ]  # fmt: skip
        due = [p for p in due if not self._away(p, today)]
        for future in [pool.submit(self._guarded, p, now) for p in due]:
            future.result()

    def _guarded(self, person: Person, now: datetime) -> None:
        try:
            with self.busy[person.user]:  # an agency may be answering its POC's request
                self._person(person, now)
        except Exception as exc:  # one person's trouble is a finding, not the end of the run
            self.ledger.error(f"{person.user}: {exc!r}")

    def _person(self, person: Person, now: datetime) -> None:
        with self._lock:
            rnd = random.Random(self._random.random())
        if person.partner and not person.channel:
            return  # not joined yet: their point of contact invites them
        start = self.plan.start_day[person.user]
        if start is not None and start <= now.date():
            # A sitting covers a few topic areas; the rest wait for another working day.
            mine = person.topics[: self.plan.quits_after.get(person.user, len(person.topics))]
            todo = [t for t in mine if (person.user, t) not in self.done]
            for topic in todo[: self.plan.topics_a_day]:
                self._walk(person, topic, rnd)
        if rnd.random() < self.plan.snooze:
            self.actor.snooze(person, now)
        away = self.plan.away.get(person.user)
        if away and away[0] == now.date():
            go_away(self.actor, person, away[1], now)
        if person.role == "agency" and not person.partner:
            self.reviews.answer(person, rnd)
        if person.role == "poc":
            self._point_of_contact(person, now, rnd)

    def _walk(self, person: Person, topic: str, rnd: random.Random) -> None:
        if (person.user, topic) in self.done:
            return

        def note(rec: str) -> str | None:
            return f"{person.code} works on {rec} with the county." if rnd.random() < 0.2 else None

        done = partial(self._done_in, person.code, topic)
        self.actor.walk(person, topic, lambda o: _pick(rnd, o), note=note, finished=done)
        if not self._open_in(person.code, [topic]):
            self.done.add((person.user, topic))
            for rec in self.catalog.in_topic(topic):
                # A partner has no `/assess <topic> <rec>` to bring one back by.
                if rnd.random() < self.plan.changes and not person.partner:
                    self.actor.walk(person, topic, lambda o: _pick(rnd, o[::-1]), rec=rec.id)

    def _point_of_contact(self, poc: Person, now: datetime, rnd: random.Random) -> None:
        for partner in (p for p in self.plan.people if p.code == poc.code and p.partner):
            self.partners.bring_in(poc, partner)
        if poc.code in self.to_fix:
            topic = poc.topics[0]
            rec = self.catalog.in_topic(topic)[0].id
            self.actor.walk(poc, topic, lambda o: _pick(rnd, o[::-1]), rec=rec)
        elif now.date() > self.calendar.deadline and self.actor.told_of_escalation(poc):
            # Once told that an agency is overdue, the POC answers whatever it left open.
            for topic in self._open_topics(poc.code)[: self.plan.topics_a_day]:
                done = partial(self._done_in, poc.code, topic)
                self.actor.walk(poc, topic, lambda o: _pick(rnd, o), finished=done)
        if poc.code == self.plan.never_submits or self._open_topics(poc.code):
            return
        if self._submitted(poc.code) or not self.reviews.ready(poc, rnd):
            return
        self.actor.submit(poc)
        if self._submitted(poc.code):  # what the database holds, whatever Slack then showed
            self.ledger.note(self.ledger.submitted, poc.code, now)
            self.to_fix.discard(poc.code)

    def _reopen(self, now: datetime) -> None:
        """After the deadline, each planned state once it stands submitted."""
        for code in self.plan.reopen:
            if code not in self.reopened and self._submitted(code):
                self.actor.reopen(self.plan.committee, code)
                if not self._submitted(code):
                    self.ledger.note(self.ledger.reopened, code, now)
                    self.reopened.add(code)
                    self.to_fix.add(code)

    def _away(self, person: Person, today: date) -> bool:
        """Out of office: nothing done after the day they said it, until the day they are back."""
        away = self.plan.away.get(person.user)
        return away is not None and away[0] < today < away[1]

    def _done_in(self, code: str, topic: str) -> bool:
        return not self._open_in(code, [topic])

    def _open_topics(self, code: str) -> list[str]:
        return [t.slug for t in self.catalog.topics if self._open_in(code, [t.slug])]

    def _open_in(self, code: str, topics: list[str]) -> bool:
        recs = [r.id for t in topics for r in self.catalog.in_topic(t)]
        with self.sessions() as session:
            answered = session.scalar(
                select(func.count()).select_from(Answer).where(
                    Answer.jurisdiction_code == code, Answer.recommendation_id.in_(recs),
                    Answer.status.is_not(None),
                )
            )  # fmt: skip
        return int(answered or 0) < len(recs)

    def _submitted(self, code: str) -> bool:
        with self.sessions() as session:
            open_submission = session.scalar(
                select(func.count()).select_from(Submission).where(
                    Submission.jurisdiction_code == code, Submission.reopened_at.is_(None)
                )
            )  # fmt: skip
        return bool(open_submission)

    def settle_outbox(self, timeout: float, advance: Callable[[], None]) -> int:
        """Until nothing is left pending (the clocks' dispatchers at work), moving the calendar
        on (`advance`) so that retries fall due; returns what is left."""
        deadline = time.monotonic() + timeout
        while True:
            advance()
            with self.sessions() as session:
                pending = int(session.scalar(
                    select(func.count()).select_from(OutboxMessage)
                    .where(OutboxMessage.status == "pending")
                ) or 0)  # fmt: skip
            if pending == 0 or time.monotonic() > deadline:
                return pending
            time.sleep(0.5)


def _pick(rnd: random.Random, offered: list[str]) -> str:
    preferred = [s for s in PREFERRED if s in offered]
    return rnd.choice(preferred or offered)
