"""The partner agency of each jurisdiction comes in through Slack Connect, as the bot offers it:
the point of contact invites its email in `/assess invite`, the bot creates and shares the
jurisdiction's channel, the person accepts in their own organisation's Slack (the stand-in
builds the event Slack sends; the driver delivers it, again on failure, as Slack retries), and
once the bot's welcome is in the shared channel the partner answers there, from its Start
buttons, signed as a person of the partner's team."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bench.rehearsal_ledger import Person
from bench.rehearsal_people import Actor
from bot.handlers import ids
from sandbox.blockkit import Entered
from sandbox.driver import buttons, text_of
from store.models import ConnectInvite, SharedChannel

TRIES = 3  # deliveries of one event in a sitting (Slack retries a failed one a few times)


class Partners:
    """The point of contact's part in bringing the partner in, a little each working day."""

    def __init__(self, actor: Actor, sessions: sessionmaker[Session]) -> None:
        self.actor, self.sessions = actor, sessions
        self._events: dict[str, dict[str, Any]] = {}  # email -> the acceptance, kept to retry

    def bring_in(self, poc: Person, partner: Person) -> None:
        """Invite (unless the bot holds an invitation), accept, and give the partner its
        channel once the welcome is there. What failed today is tried again tomorrow."""
        if partner.channel:
            return
        if self._status(partner) is None:
            self._invite(poc, partner)
        if self._status(partner) in ("pending", "approval"):
            self._accept(partner)
        channel = self._channel(partner)
        if channel and self.welcome(partner, channel) is not None:
            partner.channel = channel
            self.actor.ledger.partners[partner.user] = channel

    def _invite(self, poc: Person, partner: Person) -> None:
        fake, user = self.actor.fake, poc.user
        views = len(fake.views(user))
        self.actor.command(poc, "invite")
        opened = fake.views(user)[views:]
        if not opened:
            return  # Slack failed to open the form: another day
        field = f"{ids.INVITE_EMAIL}_1"
        values: dict[str, dict[str, Entered]] = {
            ids.AGENCY_NAME: {ids.AGENCY_NAME: f"{partner.code} partner agency"},
            ids.TOPICS: {ids.TOPICS: list(partner.topics)},
            field: {field: partner.email},
        }
        before = self.actor.seen_by(user, [poc.channel])
        try:
            self.actor.driver.submit(user, opened[-1], values)
        except OSError:  # a killed worker: the database says tomorrow whether it was sent
            return
        self.actor.settle(user, [poc.channel], before)

    def _accept(self, partner: Person) -> None:
        """The person accepts; the event reaches the bot with one id however often it is sent."""
        fake = self.actor.fake
        event = self._events.get(partner.email)
        if event is None:
            if not any(i["email"] == partner.email.lower() for i in fake.invites("pending")):
                self.actor.ledger.error(f"{partner.user}: the bot holds an invitation Slack lacks")
                return
            event = fake.accept_invite(partner.email, user=partner.user, name=partner.user)
            self._events[partner.email] = event
        event_id = f"Ev{partner.user}ACCEPT"
        for n in range(TRIES):
            retry = {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_error"}
            try:
                status = self.actor.driver.event(
                    event, event_id=event_id, headers=retry if n else None
                ).status
            except OSError:
                status = 0
            if status == 200 and self._status(partner) == "joined":
                return
            self.actor._until(lambda: self._status(partner) == "joined", timeout=1.0)

    def welcome(self, partner: Person, channel: str) -> dict[str, Any] | None:
        """The bot's welcome to the partner in the shared channel, with its Start buttons."""
        return next(
            (
                m
                for m in self.actor.fake.messages(channel, top_level_only=True)
                if f"<@{partner.user}>" in text_of(m)
                and any(b["action_id"] == ids.CONTINUE for b, _ in buttons(m))
            ),
            None,
        )

    def _status(self, partner: Person) -> str | None:
        with self.sessions() as session:
            return session.scalar(
                select(ConnectInvite.status)
                .where(ConnectInvite.email == partner.email.lower())
                .order_by(ConnectInvite.id.desc())
                .limit(1)
            )

    def _channel(self, partner: Person) -> str | None:
        if self._status(partner) != "joined":
            return None
        with self.sessions() as session:
            shared = session.get(SharedChannel, partner.code)
            return shared.channel_id if shared is not None else None
