"""The rehearsal's checks of what people did besides answering: every "Ask for changes" answered
and accepted, its DM sent exactly once; no digest to someone on a day they said they were away;
each partner agency joined through Slack Connect and answered only its own topic areas. Each
reads the database (and the stand-in) once, then judges in a plain function the unit tests
feed broken ledgers. Each returns a list of problems; an empty list is a pass."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.rehearsal_ledger import Away, Ledger, Person, Request
from bot.catalog import Catalog
from bot.delivery_posts import METADATA_TYPE
from sandbox.slack import FakeSlack
from store.enums import Decision
from store.models import Answer, AnswerHistory, ConnectInvite, OutboxMessage, Participant, Review


@dataclass(frozen=True)
class Asked:
    """A request for changes the database holds."""

    review: int
    code: str
    rec: str
    version: int  # the answer version queried
    poc: str
    comment: str


def changes_answered(session: Session, fake: FakeSlack, ledger: Ledger) -> list[str]:
    rows = session.execute(
        select(Review, Answer.jurisdiction_code, Answer.recommendation_id)
        .join(Answer, Answer.id == Review.answer_id)
        .order_by(Review.id)
    ).all()
    asked = [
        Asked(r.id, code, rec, r.version, r.reviewed_by, r.comment)
        for r, code, rec in rows
        if r.decision == Decision.CHANGES
    ]
    accepted = {
        (code, rec, r.version, r.id) for r, code, rec in rows if r.decision == Decision.ACCEPTED
    }
    changed: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for code, rec, version, who in session.execute(
        select(
            AnswerHistory.jurisdiction_code, AnswerHistory.recommendation_id,
            AnswerHistory.version, AnswerHistory.changed_by,
        ).where(AnswerHistory.before_status != AnswerHistory.after_status)
    ):  # fmt: skip
        changed[(code, rec)].append((version, who))
    sent = dict(
        session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.recipient).where(
                OutboxMessage.kind == "review_changes", OutboxMessage.status == "sent"
            )
        ).all()
    )
    posted = Counter(
        (m["channel"], (m.get("metadata") or {}).get("event_payload", {}).get("key"))
        for m in fake.messages()
        if (m.get("metadata") or {}).get("event_type") == METADATA_TYPE
    )
    told = {key: posted[(fake.dm_channel(who), key)] for key, who in sent.items()}
    return requests_answered(ledger.requests, asked, accepted, changed, sent, told)


def requests_answered(
    requests: list[Request], asked: list[Asked], accepted: set[tuple[str, str, int, int]],
    changed: dict[tuple[str, str], list[tuple[int, str]]], sent: dict[str, str],
    told: dict[str, int],
) -> list[str]:  # fmt: skip
    """Each request the database holds was one a POC made; the agency it was sent to was told
    once and then changed the answer, and the POC accepted that new answer. No POC was told
    "Changes asked" for a request the database does not hold."""
    problems: list[str] = []
    made = {(r.code, r.rec, r.poc, r.comment) for r in requests}
    held = {(a.code, a.rec, a.poc, a.comment) for a in asked}
    for r in requests:
        if r.told == "asked" and (r.code, r.rec, r.poc, r.comment) not in held:
            problems.append(f"{r.code} {r.rec}: {r.poc} was told changes were asked; none held")
    for a in asked:
        where = f"{a.code} {a.rec} (review {a.review})"
        key = f"review:{a.review}:changes"
        agency = sent.get(key)
        if (a.code, a.rec, a.poc, a.comment) not in made:
            problems.append(f"{where}: a request for changes nobody made")
        if agency is None:
            problems.append(f"{where}: the agency was never sent the request")
            continue
        if told.get(key, 0) != 1:
            problems.append(f"{where}: {agency} was told {told.get(key, 0)} times")
        after = changed.get((a.code, a.rec), [])
        later = [v for v, who in after if v > a.version and who == agency]
        if not later:
            problems.append(f"{where}: {agency} never changed the answer")
        elif not any(c == a.code and r == a.rec and v >= min(later) and n > a.review
                     for c, r, v, n in accepted):  # fmt: skip
            problems.append(f"{where}: the new answer was never accepted")
    return problems


def no_digest_while_away(session: Session, ledger: Ledger, people: list[Person]) -> list[str]:
    digests = [
        (key.split(":")[1], date.fromisoformat(key[-10:]))
        for key in session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "digest")
        )
    ]
    users = {a.user for a in ledger.away}
    stored: dict[str, date | None] = {}
    for user, until in session.execute(
        select(Participant.slack_user_id, Participant.away_until).where(
            Participant.slack_user_id.in_(users)
        )
    ):
        stored[user] = until
    zones = {p.user: ZoneInfo(p.tz) for p in people}
    return away_kept(ledger.away, digests, zones, stored)


def away_kept(
    away: list[Away], digests: list[tuple[str, date]], zones: dict[str, ZoneInfo],
    stored: dict[str, date | None],
) -> list[str]:  # fmt: skip
    """Someone told their absence was saved has it stored, and got no digest on a local date
    after the day they said it and before the day they are back. (The day itself is not
    judged: that day's digest may have gone out before they said it.)"""
    problems: list[str] = []
    for a in away:
        if a.told != "saved":
            continue
        if stored.get(a.user) != a.back_on:
            problems.append(f"{a.user}: told away until {a.back_on}, stored {stored.get(a.user)}")
        said = a.at.astimezone(zones[a.user]).date()
        problems += [
            f"digest to {a.user} on {d}, away from {said} until {a.back_on}"
            for user, d in digests
            if user == a.user and said < d < a.back_on
        ]
    return problems


def partners_answered(
    session: Session, catalog: Catalog, ledger: Ledger, people: list[Person]
) -> list[str]:
    partners = [p for p in people if p.partner]
    invites = Counter(session.execute(select(ConnectInvite.email, ConnectInvite.status)).all())
    members = {
        user: (code, list(topics or ()))
        for user, code, topics in session.execute(
            select(Participant.slack_user_id, Participant.jurisdiction_code, Participant.topics)
        )
    }
    answered = [
        (user, code, catalog.by_id[rec].topic if rec in catalog.by_id else rec)
        for user, code, rec in session.execute(
            select(AnswerHistory.changed_by, AnswerHistory.jurisdiction_code,
                   AnswerHistory.recommendation_id)
            .where(AnswerHistory.changed_by.in_([p.user for p in partners]))
        )
    ]  # fmt: skip
    return partners_kept(partners, invites, members, answered, set(ledger.partners))


def partners_kept(
    partners: list[Person], invites: Counter[tuple[str, str]],
    members: dict[str, tuple[str | None, list[str]]], answered: list[tuple[str, str, str]],
    welcomed: set[str],
) -> list[str]:  # fmt: skip
    """Each partner agency joined through one accepted invitation, with the jurisdiction and
    topic areas it was invited for, was welcomed in the shared channel, answered there, and
    nothing outside its topic areas or its jurisdiction (`answered`: user, code, topic)."""
    problems: list[str] = []
    for p in partners:
        if invites[(p.email, "joined")] != 1 or members.get(p.user) != (p.code, p.topics):
            problems.append(f"{p.user}: not joined as invited ({members.get(p.user)})")
        elif p.user not in welcomed:
            problems.append(f"{p.user}: joined, but never welcomed in the shared channel")
        elif not any(user == p.user for user, _, _ in answered):
            problems.append(f"{p.user}: joined, but answered nothing")
    mine = {p.user: p for p in partners}
    problems += [
        f"{user}: answered for {code} in {topic}, not theirs"
        for user, code, topic in answered
        if code != mine[user].code or topic not in mine[user].topics
    ]
    return problems
