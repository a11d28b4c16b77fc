"""A point of contact reviews before submitting, as the bot offers it: `/assess review`, a topic's
page, "Ask for changes" on one or two agencies' answers (a comment in the modal; the bot tells
the agency by DM); the agency brings the recommendation back (`/assess <topic> <rec>`, as the DM
says) and changes its answer; the POC then accepts the new answer and submits.

What the driver waits for is what the database holds (as `Day` does for submissions): a request
lost to a fault is asked again another day; the ledger keeps what each person did and saw. The
agency, told by DM, answers at once when it is free (not in a sitting of its own), so a review
costs the state no day; one that cannot get its change stored in GIVE_UP sittings stops
trying, and its POC submits without it (the end check then reports the request unanswered)."""

from __future__ import annotations

import contextlib
import random
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bench.rehearsal_ledger import Person, Request
from bench.rehearsal_people import Actor
from bench.rehearsal_plan import Plan
from bench.rehearsal_review_pages import WAIT, now, outbox_key, row, section, topic_page
from bot.catalog import Catalog
from bot.handlers import ids
from sandbox.driver import text_of
from store.enums import Decision
from store.models import Answer, Review

GIVE_UP = 2  # sittings an agency spends on one request that its clicks do not store


@dataclass(frozen=True)
class State:
    """One queried recommendation, as the database holds it."""

    by: str | None  # who gave the current answer
    status: str | None
    asked: bool  # the POC asked for changes
    answered: bool  # a later version than the one queried
    accepted: bool  # that later version accepted


class Reviews:
    def __init__(
        self, actor: Actor, sessions: sessionmaker[Session], catalog: Catalog, plan: Plan,
        busy: dict[str, threading.Lock],
    ) -> None:  # fmt: skip
        self.actor, self.sessions, self.catalog, self.plan = actor, sessions, catalog, plan
        self.ledger, self.busy = actor.ledger, busy  # busy: held by each person's own sitting
        self.queried: dict[str, list[str]] = {}  # code -> the recommendations queried
        self.tries: Counter[tuple[str, str]] = Counter()  # (code, rec) -> agency sittings

    def ready(self, poc: Person, rnd: random.Random) -> bool:
        """The POC's review before submitting: ask, wait for the answers, accept. True once
        there is nothing (left) to review."""
        if poc.code not in self.plan.reviews:
            return True
        recs = self._queried(poc.code, rnd)
        for rec, state in self._states(poc.code, recs).items():
            if not state.asked and state.by is not None:
                self._ask(poc, rec, state.by)
                self._at_once(state.by, rnd)
        states = self._states(poc.code, recs)
        left = [r for r, s in states.items() if not s.answered and not self._gave_up(poc, r)]
        if left:
            return False
        for rec, state in states.items():
            if state.answered and not state.accepted:
                self._decide(poc, rec, ids.REVIEW_ACCEPT, ":white_check_mark: Accepted")
        states = self._states(poc.code, recs)
        for request in self.ledger.requests:
            if request.code == poc.code and request.rec in states:
                request.accepted = states[request.rec].accepted
        return all(s.accepted or self._gave_up(poc, r) for r, s in states.items())

    def _at_once(self, agency: str, rnd: random.Random) -> None:
        """The agency reads the DM and answers now, unless it is in a sitting of its own."""
        person = next((p for p in self.plan.people if p.user == agency), None)
        lock = self.busy.get(agency)
        if person is None or lock is None or not lock.acquire(blocking=False):
            return
        try:
            self.actor._until(lambda: self._told(person), timeout=WAIT)
            self.answer(person, rnd)
        finally:
            lock.release()

    def _gave_up(self, poc: Person, rec: str) -> bool:
        return self.tries[(poc.code, rec)] >= GIVE_UP

    def _told(self, agency: Person) -> bool:
        dm = self.actor.fake.messages(self.actor.fake.dm_channel(agency.user))
        return any(_asks(m) for m in dm)

    def answer(self, agency: Person, rnd: random.Random) -> None:
        """The agency's part: each request it was told of by DM, answered by a new answer."""
        mine = [r for r in self.ledger.requests if r.agency == agency.user and not r.answered]
        dm = self.actor.fake.messages(self.actor.fake.dm_channel(agency.user)) if mine else []
        for request in mine:
            state = self._states(agency.code, [request.rec])[request.rec]
            told = any(_asks(m) and request.rec in text_of(m) for m in dm)
            key = (request.code, request.rec)
            if told and state.asked and not state.answered and self.tries[key] < GIVE_UP:
                self.tries[key] += 1

                def other(offered: list[str], was: str | None = state.status) -> str:
                    return rnd.choice([s for s in offered if s != was] or offered)

                topic = self.catalog.by_id[request.rec].topic
                self.actor.walk(agency, topic, other, rec=request.rec)
                state = self._states(agency.code, [request.rec])[request.rec]
            request.answered = (state.status or "") if state.answered else ""

    def _queried(self, code: str, rnd: random.Random) -> list[str]:
        """One or two answers an agency of the workspace gave (not one that quit), picked once."""
        if code not in self.queried:
            agencies = [
                p.user for p in self.plan.people
                if p.code == code and p.role == "agency" and not p.partner
                and p.user not in self.plan.quits_after
            ]  # fmt: skip
            with self.sessions() as session:
                given = session.scalars(
                    select(Answer.recommendation_id).where(
                        Answer.jurisdiction_code == code, Answer.answered_by.in_(agencies),
                        Answer.status.is_not(None),
                    ).order_by(Answer.recommendation_id)
                ).all()  # fmt: skip
            wanted = min(len(given), self.plan.reviews[code])
            self.queried[code] = rnd.sample(list(given), wanted)
        return self.queried[code]

    def _ask(self, poc: Person, rec: str, agency: str) -> None:
        fake, user = self.actor.fake, poc.user
        page = topic_page(self.actor, poc, self.catalog.by_id[rec].topic, rec)
        if page is None:
            return
        views = len(fake.views(user))
        try:
            self.actor.driver.click(user, row(page, rec), ids.REVIEW_CHANGES, ephemeral=True)
        except (OSError, LookupError):
            return
        self.actor._until(lambda: len(fake.views(user)) > views, timeout=WAIT)
        opened = fake.views(user)[views:]
        if not opened:
            return  # the form never opened: asked another day
        comment = f"Please check {rec} against the county's figures for this year."
        seen = len(fake.ephemerals(user))
        values = {ids.REVIEW_COMMENT_BLOCK: {ids.REVIEW_COMMENT_INPUT: comment}}
        with contextlib.suppress(OSError):  # the database tells the next sitting what was kept
            self.actor.driver.submit(user, opened[-1], values)

        def shown() -> bool:
            lines = [text_of(e) for e in fake.ephemerals(user)[seen:]]
            return "Changes asked" in section(now(self.actor, user, page), rec) or any(
                f"for changes to {rec}" in line for line in lines
            )

        self.actor._until(shown, timeout=WAIT)
        told = "asked" if shown() else "unknown"
        self.ledger.asked(Request(poc.code, rec, user, agency, comment, told))

    def _decide(self, poc: Person, rec: str, action: str, shows: str) -> None:
        page = topic_page(self.actor, poc, self.catalog.by_id[rec].topic, rec)
        if page is None:
            return
        try:
            self.actor.driver.click(poc.user, row(page, rec), action, ephemeral=True)
        except (OSError, LookupError):
            return
        self.actor._until(lambda: shows in section(now(self.actor, poc.user, page), rec), WAIT)

    def _states(self, code: str, recs: list[str]) -> dict[str, State]:
        with self.sessions() as session:
            answers = {
                a.recommendation_id: a
                for a in session.scalars(
                    select(Answer).where(
                        Answer.jurisdiction_code == code, Answer.recommendation_id.in_(recs)
                    )
                )
            }
            ids_ = [a.id for a in answers.values()]
            reviews = list(session.scalars(select(Review).where(Review.answer_id.in_(ids_))))
        states: dict[str, State] = {}
        for rec in recs:
            answer = answers.get(rec)
            mine = sorted(
                (r for r in reviews if answer is not None and r.answer_id == answer.id),
                key=lambda r: r.id,
            )
            asked = [r for r in mine if r.decision == Decision.CHANGES]
            version = answer.version if answer is not None else 0
            answered = bool(asked) and version > asked[-1].version
            accepted = answered and any(
                r.decision == Decision.ACCEPTED and r.version == version and r.id > asked[-1].id
                for r in mine
            )
            by, status = (answer.answered_by, answer.status) if answer else (None, None)
            states[rec] = State(by, status, bool(asked), answered, accepted)
        return states


def _asks(message: dict[str, Any]) -> bool:
    return outbox_key(message).startswith("review:")  # the bot's DM asking for changes
