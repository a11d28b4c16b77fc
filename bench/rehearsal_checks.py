"""The rehearsal's checks, from the driver's ledger, the database and what the Slack stand-in
holds. Each returns a list of problems; an empty list is a pass."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.rehearsal_people import Click, Ledger
from bot.delivery_posts import METADATA_TYPE
from bot.workflows.reminders.workdays import is_working_day
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, OutboxMessage, Submission


def clicks_against_history(session: Session, ledger: Ledger) -> list[str]:
    """Every click told "saved" is in the history once, in click order; none told "nothing was
    saved" is; no history row without a click; the current answer is the last stored click."""
    history: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    rows = session.execute(
        select(
            AnswerHistory.jurisdiction_code,
            AnswerHistory.recommendation_id,
            AnswerHistory.changed_by,
            AnswerHistory.after_status,
        ).order_by(AnswerHistory.version)
    )
    for code, rec, who, status in rows:
        history[(code, rec)].append((who, status))
    clicks: dict[tuple[str, str], list[Click]] = defaultdict(list)
    for click in sorted(ledger.clicks, key=lambda c: c.at):
        clicks[(click.code, click.rec)].append(click)
    current = {
        (a.jurisdiction_code, a.recommendation_id): a.status
        for a in session.scalars(select(Answer))
    }
    problems: list[str] = []
    for key in sorted(set(history) | set(clicks)):
        problems += _match(key, clicks[key], history[key], current.get(key))
    return problems


def _match(
    key: tuple[str, str], clicks: list[Click], rows: list[tuple[str, str | None]], now: Any
) -> list[str]:
    problems, j, stored = [], 0, None
    for click in clicks:
        here = j < len(rows) and rows[j] == (click.user, click.status)
        if here and click.told != "not_saved":
            j, stored = j + 1, click.status
        elif here:
            problems.append(f"{key}: told 'nothing saved' but stored ({click.status})")
            j, stored = j + 1, click.status
        elif click.told == "saved" and click.status != stored:
            problems.append(f"{key}: told 'saved' ({click.user} {click.status}) but not stored")
    if j < len(rows):
        problems.append(f"{key}: {len(rows) - j} history row(s) no click accounts for: {rows[j:]}")
    if rows and now != rows[-1][1]:
        problems.append(f"{key}: current answer {now} is not the last stored click")
    return problems


def messages_once(session: Session, fake: FakeSlack) -> list[str]:
    """Every outbox row reached Slack at most once (by its key in the message metadata), and
    every row was sent in the end (or refused for good)."""
    keys = Counter(
        (m.get("metadata") or {}).get("event_payload", {}).get("key")
        for m in fake.messages()
        if (m.get("metadata") or {}).get("event_type") == METADATA_TYPE
    )
    problems = [f"outbox {k} reached Slack {n} times" for k, n in keys.items() if k and n > 1]
    unsent = session.execute(
        select(OutboxMessage.idempotency_key, OutboxMessage.status, OutboxMessage.last_error).where(
            OutboxMessage.status != "sent"
        )
    ).all()
    problems += [f"outbox {k} ended {s}: {e}" for k, s, e in unsent]
    return problems


def digests_by_the_rules(session: Session, ledger: Ledger) -> list[str]:
    """At most one digest a person a local date (the key holds both), none on a weekend or a
    federal holiday, none while the person's assessment stood submitted."""
    problems: list[str] = []
    spans = _submitted_spans(session)
    keys = session.scalars(
        select(OutboxMessage.idempotency_key).where(OutboxMessage.kind == "digest")
    ).all()
    per_day = Counter((k.split(":")[1], k[-10:]) for k in keys)
    problems += [f"{n} digests to {u} on {d}" for (u, d), n in per_day.items() if n > 1]
    for key in keys:
        day = date.fromisoformat(key[-10:])
        if not is_working_day(day):
            problems.append(f"{key}: a digest on a weekend or holiday")
    del spans, ledger
    return problems


def _submitted_spans(session: Session) -> dict[str, list[tuple[datetime, datetime | None]]]:
    spans: dict[str, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for sub in session.scalars(select(Submission)):
        spans[sub.jurisdiction_code].append((sub.submitted_at, sub.reopened_at))
    return spans


def status_posts_weekly(session: Session) -> list[str]:
    keys = session.scalars(
        select(OutboxMessage.idempotency_key).where(
            OutboxMessage.idempotency_key.like("status-post:%")
        )
    ).all()
    days = [date.fromisoformat(k.rsplit(":", 1)[1][:10]) for k in keys]
    problems = [f"status post on {d}, not a Monday" for d in days if d.weekday() != 0]
    problems += [f"{n} status posts on {d}" for d, n in Counter(days).items() if n > 1]
    return problems
