"""What the people workflows share: outcomes, outbox notices, and who holds which role where."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Topic
from bot.workflows import outbox, policy
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.sentences import Sentence, someone
from store import tombstones
from store.models import Cycle, Jurisdiction, Participant


@dataclass
class Outcome:
    """What a people workflow did: lines for the person acting, DMs to send, Homes to redraw."""

    said: list[Sentence] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    homes: list[str] = field(default_factory=list)

    def redraw(self, *users: str) -> None:
        self.homes += [u for u in users if u not in self.homes]

    def say(self, form: str, /, **values: object) -> None:
        self.said.append(Sentence(form, values))


@dataclass(frozen=True)
class Dm:
    """One outbox DM and its idempotency key."""

    key: str
    notice: Notice


def dm(key: str, kind: str, user: str, **context: Any) -> Dm:
    return Dm(key, Notice(kind, user, plain(context)))


def send(session: Session, compose: Compose, message: Dm, now: datetime, out: Outcome) -> None:
    """Queue one DM; a key seen before queues nothing, because the first request sent it."""
    if outbox.notify(session, compose, message.notice, key=message.key, now=now):
        out.keys.append(message.key)


def actor_for(session: Session, user: str, action: policy.Action, **scope: str) -> policy.Actor:
    """The person acting, after the policy allowed `action` (raises NotAllowed otherwise)."""
    actor = policy.load_actor(session, user)
    policy.check(actor, action, **scope)
    return actor


def place(session: Session, code: str) -> Jurisdiction:
    found = session.get(Jurisdiction, code)
    if found is None:
        raise NotFound("Unknown jurisdiction '{code}'.", code=code)
    return found


def grants(session: Session, user: str, jurisdiction: str | None, role: str) -> int:
    """How often this person was given this role here, revoked grants included.

    Part of the outbox keys: a fresh grant after a revocation is a fresh message, while two
    concurrent submits of the same form count the same and so queue one message.
    """
    where = Participant.jurisdiction_code
    count = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(
            Participant.slack_user_id == user,
            Participant.role == role,
            where.is_(None) if jurisdiction is None else where == jurisdiction,
        )
    )
    return int(count or 0)


def active_rows(
    session: Session, *, role: str, user: str | None = None, jurisdiction: str | None = None
) -> list[Participant]:
    query = select(Participant).where(Participant.role == role, Participant.active.is_(True))
    if user is not None:
        query = query.where(Participant.slack_user_id == user)
    if jurisdiction is not None:
        query = query.where(Participant.jurisdiction_code == jurisdiction)
    return list(session.scalars(query.order_by(Participant.id)))


def refuse_forgotten(session: Session, users: Iterable[str]) -> None:
    """Refuse to add someone who was forgotten: only a deliberate, audited readmission
    (`people readmit`) lets them take part again."""
    gone = sorted(tombstones.forgotten(session, users))
    if gone:
        raise InvalidInput(
            "{user} was forgotten at their request and cannot be added here; an operator can "
            "readmit them first (`python -m bot people readmit`).",
            user=someone(gone[0]),
        )


def ensure_free(session: Session, user: str, jurisdiction: str) -> None:
    """Refuse someone active for another jurisdiction: Home, walks and reminders assume one."""
    refuse_forgotten(session, [user])
    other = session.scalars(
        select(Participant.jurisdiction_code).where(
            Participant.slack_user_id == user,
            Participant.active.is_(True),
            Participant.jurisdiction_code.is_not(None),
            Participant.jurisdiction_code != jurisdiction,
        )
    ).first()
    if other is not None:
        raise InvalidInput(
            "{user} already takes part for {other}; a person answers for one jurisdiction.",
            user=someone(user),
            other=other,
        )


def topic_slugs(catalog: Catalog, chosen: Iterable[str]) -> list[str]:
    """Catalog order; none chosen, or every one, is stored as [] (which means every topic)."""
    wanted = set(chosen)
    unknown = wanted - set(catalog.topics_by_slug)
    if unknown:
        raise InvalidInput("Unknown topic area(s): {unknown}.", unknown=", ".join(sorted(unknown)))
    slugs = [t.slug for t in catalog.topics if t.slug in wanted]
    return [] if len(slugs) == len(catalog.topics) else slugs


def topics_of(catalog: Catalog, slugs: Sequence[str]) -> list[Topic]:
    return [t for t in catalog.topics if not slugs or t.slug in slugs]


def cycle_context(cycle: Cycle | None) -> dict[str, Any] | None:
    return {"name": cycle.name, "deadline": cycle.deadline} if cycle else None
