"""The rehearsal's checks, from the driver's ledger, the database and what the Slack stand-in
holds. Each returns a list of problems; an empty list is a pass."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.rehearsal_ledger import Click, Ledger
from bot.delivery_posts import METADATA_TYPE
from bot.workflows.reminders.workdays import is_working_day
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, OutboxMessage, Participant, Submission

# (who, status) of a history row a click made, and when it was written (epoch seconds, if known)
Row = tuple[Any, ...]


def clicks_against_history(session: Session, ledger: Ledger) -> list[str]:
    """Every click told "saved" is in the history once, in click order; none told "nothing was
    saved" is; no history row without a click; the current answer is the last stored click."""
    rows = session.execute(
        select(
            AnswerHistory.jurisdiction_code,
            AnswerHistory.recommendation_id,
            AnswerHistory.changed_by,
            AnswerHistory.before_status,
            AnswerHistory.after_status,
            (AnswerHistory.before_notes != AnswerHistory.after_notes)
            | (AnswerHistory.before_resources != AnswerHistory.after_resources),
            AnswerHistory.changed_at,
        ).order_by(AnswerHistory.version)
    )
    history = click_rows(rows)
    clicks: dict[tuple[str, str], list[Click]] = defaultdict(list)
    for click in sorted(ledger.clicks, key=lambda c: c.sent):
        clicks[(click.code, click.rec)].append(click)
    current = {
        (a.jurisdiction_code, a.recommendation_id): a.status
        for a in session.scalars(select(Answer))
    }
    problems: list[str] = []
    for key in sorted(set(history) | set(clicks)):
        problems += _match(key, clicks[key], history[key], current.get(key))
    return problems


def click_rows(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str], list[Row]]:
    """(who, status, when written) of the history rows clicks made, by (jurisdiction,
    recommendation), from rows of (code, rec, who, status before, status after, notes changed,
    when) in version order. A row that changes notes is the notes modal's (see notes_as_told),
    unless it also changes the status; a row that keeps status and notes is a click by a second
    person confirming the same answer, which the history records under their name."""
    history: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for code, rec, who, was, status, notes_changed, *when in rows:
        if was != status or not notes_changed:
            written = when[0].timestamp() if when and when[0] is not None else None
            history[(code, rec)].append((who, status, written))
    return history


def _match(key: tuple[str, str], clicks: list[Click], rows: list[Row], now: Any) -> list[str]:
    """Each history row, in version order, to the earliest unmatched click with its person and
    answer that did not finish before the previous row's click was sent (two people clicking
    the same recommendation at once may be stored in either order). A click told "nothing was
    saved" is not the one that wrote a row written after that reply was read: the same click
    again, told saved, did."""
    problems: list[str] = []
    matched: dict[int, int] = {}  # click index -> row index
    floor = -1.0
    for r, full in enumerate(rows):
        row, written = tuple(full[:2]), (full[2] if len(full) > 2 else None)
        found = next(
            (
                i
                for i, c in enumerate(clicks)
                if i not in matched
                and (c.user, c.status) == row
                and c.at >= floor
                and not _told_before(c, written)
            ),
            None,
        )
        if found is None:
            problems.append(f"{key}: history row {r + 1} {row} has no click: {_seen(clicks)}")
            continue
        matched[found] = r
        floor = clicks[found].sent
        if clicks[found].told == "not_saved":
            problems.append(f"{key}: told 'nothing saved' but stored: {row}")
    for i, click in enumerate(clicks):
        if i in matched or click.told != "saved":
            continue
        before = [rows[r][1] for j, r in matched.items() if clicks[j].sent <= click.sent]
        if not before or before[-1] != click.status:  # a repeat of the stored answer is no row
            problems.append(f"{key}: told 'saved' ({click.user} {click.status}) but not stored")
    if rows and now != rows[-1][1]:
        problems.append(f"{key}: current answer {now} is not the last stored click")
    return problems


def _told_before(click: Click, written: float | None) -> bool:
    """A "nothing was saved" read before the row was written (on the bot's calendar)."""
    return (
        click.told == "not_saved"
        and bool(click.read)
        and written is not None
        and (written > click.read)
    )


def _seen(clicks: list[Click]) -> list[tuple[str, str, str]]:
    return [(c.user, c.status, c.told) for c in clicks]


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
    people = session.execute(select(Participant.slack_user_id, Participant.jurisdiction_code))
    where = dict(people.all())  # pairs: a Result has keys(), dict() would read it as a mapping
    for key in keys:
        day = date.fromisoformat(key[-10:])
        if not is_working_day(day):
            problems.append(f"{key}: a digest on a weekend or holiday")
        for done, reopened in spans.get(where.get(key.split(":")[1]) or "", []):
            # Whole days only: the submission's UTC date and the digest's local date.
            if done.date() < day and (reopened is None or reopened.date() > day):
                problems.append(f"{key}: a digest while the assessment stood submitted")
    del ledger
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
    posts = (re.fullmatch(r"status-post:\d+:(\d{4}-\d{2}-\d{2})", k) for k in keys)
    days = [date.fromisoformat(m.group(1)) for m in posts if m]  # the post, not its chart
    problems = [f"status post on {d}, not a Monday" for d in days if d.weekday() != 0]
    problems += [f"{n} status posts on {d}" for d, n in Counter(days).items() if n > 1]
    return problems
