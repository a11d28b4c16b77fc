"""The rehearsal's checks of the cycle as a whole: notes as the people were told, each escalation
once, a status post every Monday, the reopened submissions fixed and submitted again, the state
never submitted named in the overdue thread, and snoozes kept. Each returns a list of problems."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.rehearsal_faults import FaultyStandIn
from bench.rehearsal_ledger import Ledger, Person
from bench.rehearsal_people import rec_of
from bench.rehearsal_plan import Calendar, Plan
from bot.catalog import Catalog
from bot.delivery_posts import METADATA_TYPE
from bot.workflows.reminders.workdays import is_working_day
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, OutboxMessage, Submission

OVERDUE = "Past the deadline"  # the status post's thread reply (messages/status/overdue.txt.j2)


def notes_as_told(session: Session, ledger: Ledger) -> list[str]:
    """Notes a person was told were saved are the answer's notes, in one history row of theirs;
    notes they were told were not saved are in no history row."""
    current = {
        (a.jurisdiction_code, a.recommendation_id): a.notes or ""
        for a in session.scalars(select(Answer))
    }
    rows = Counter(
        tuple(row)
        for row in session.execute(
            select(
                AnswerHistory.jurisdiction_code,
                AnswerHistory.recommendation_id,
                AnswerHistory.changed_by,
                AnswerHistory.after_notes,
            ).where(AnswerHistory.after_notes != AnswerHistory.before_notes)
        )
    )
    problems: list[str] = []
    for note in ledger.notes:
        key = (note.code, note.rec)
        stored = rows[(note.code, note.rec, note.user, note.text)]
        if note.told == "saved" and (current.get(key) != note.text or stored != 1):
            problems.append(f"{key}: notes told saved, stored {stored}x, now {current.get(key)!r}")
        if note.told == "not_saved" and stored:
            problems.append(f"{key}: notes told 'nothing saved' but stored")
    noted = {(n.code, n.rec, n.user, n.text) for n in ledger.notes}
    problems += [f"{k}: notes nobody saved" for k in rows if k not in noted]
    return problems


def escalations_once(session: Session, fake: FakeSlack) -> list[str]:
    """Every escalation the bot meant (one outbox row per POC, agency and deadline) is in the
    POC's direct messages exactly once."""
    keys = session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "escalation")
    ).all()
    posted = Counter(
        (m.get("metadata") or {}).get("event_payload", {}).get("key")
        for m in fake.messages()
        if (m.get("metadata") or {}).get("event_type") == METADATA_TYPE
    )
    return [f"escalation {k} reached Slack {posted[k]} times" for k in keys if posted[k] != 1]


def mondays_posted(session: Session, calendar: Calendar) -> list[str]:
    """A status post on every Monday the calendar passes (holiday or not)."""
    keys = session.scalars(
        select(OutboxMessage.idempotency_key).where(
            OutboxMessage.idempotency_key.like("status-post:%"), OutboxMessage.status == "sent"
        )
    ).all()
    days = {k.rsplit(":", 1)[1] for k in keys}
    mondays = [
        calendar.opens + timedelta(days=n)
        for n in range((calendar.ends - calendar.opens).days + 1)
        if (calendar.opens + timedelta(days=n)).weekday() == 0
    ]
    return [f"no status post on Monday {d}" for d in mondays if d.isoformat() not in days]


def reopened_fixed(session: Session, ledger: Ledger, plan: Plan) -> list[str]:
    """The Committee reopened each planned submission; each was submitted again afterwards."""
    problems: list[str] = []
    standing = _standing(session)
    for code in plan.reopen:
        again = ledger.reopened.get(code, [])
        if not again:
            problems.append(f"{code}: never reopened")
        elif not any(s >= again[-1] for s in ledger.submitted.get(code, [])):
            problems.append(f"{code}: reopened on {again[-1]:%Y-%m-%d}, never submitted again")
        if code not in standing:
            problems.append(f"{code}: no submission standing at the end")
    return problems


def never_submitted_named(session: Session, fake: FakeSlack, plan: Plan, channel: str) -> list[str]:
    """The state that never submits has no submission and is named in the overdue thread."""
    code = plan.never_submits
    problems = [f"{code}: submitted, but never should have"] if code in _standing(session) else []
    replies = [m for m in fake.messages(channel) if m.get("thread_ts", m["ts"]) != m["ts"]]
    overdue = [m for m in replies if OVERDUE in (m.get("text") or "")]
    if not any(f"({code})" in (m.get("text") or "") for m in overdue):
        problems.append(f"{code}: not named in an overdue thread ({len(overdue)} of them)")
    return problems


def snoozes_kept(session: Session, ledger: Ledger, people: list[Person]) -> list[str]:
    """No digest to a person who snoozed "until Monday" after that day and before the Monday
    (the Tuesday when that Monday is a holiday), by their local dates."""
    zones = {p.user: ZoneInfo(p.tz) for p in people}
    keys = session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "digest")
    ).all()
    digests: dict[str, list[date]] = defaultdict(list)
    for key in keys:
        digests[key.split(":")[1]].append(date.fromisoformat(key[-10:]))
    problems: list[str] = []
    for user, at in ledger.snoozes:
        day = _local(at, zones[user])
        until = day + timedelta(days=(7 - day.weekday()) % 7 or 7)
        while not is_working_day(until):
            until += timedelta(days=1)
        problems += [f"digest to {user} on {d}, snoozed on {day} until {until}"
                     for d in digests[user] if day < d < until]  # fmt: skip
    return problems


def _local(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def _standing(session: Session) -> set[str]:
    return {
        code
        for code, reopened in session.execute(
            select(Submission.jurisdiction_code, Submission.reopened_at)
        )
        if reopened is None
    }


def no_live_question_left(
    session: Session, fake: FaultyStandIn, catalog: Catalog, people: list[Person]
) -> list[str]:
    """At the end, no question still offers answers in a topic area its state has finished:
    its buttons would store every click without a word (a copy the walk lost track of)."""
    answered = Counter(
        (code, catalog.by_id[rec].topic)
        for code, rec in session.execute(
            select(Answer.jurisdiction_code, Answer.recommendation_id).where(
                Answer.status.is_not(None)
            )
        )
        if rec in catalog.by_id
    )
    finished = {
        (code, t.slug) for code, t in ((c, t) for c, _ in answered for t in catalog.topics)
        if answered[(code, t.slug)] == len(catalog.in_topic(t.slug))
    }  # fmt: skip
    problems: list[str] = []
    for person in people:
        for message in fake.live_questions(person.channel):
            rec = catalog.by_id.get(rec_of(message))
            if rec is not None and (person.code, rec.topic) in finished:
                problems.append(f"{person.user}: {rec.id} still live, {rec.topic} finished")
    return problems
