"""Sends outbox rows to Slack. Safe to run in several processes at once: a row is claimed with a
conditional UPDATE before it is sent, and a claim that outlives its lease is taken over. Each
claim carries a fresh token, checked (and the lease renewed) in one conditional UPDATE just before
posting, so a dispatcher that stalled past its lease while another took the row posts nothing.

Slack's limits are kept (bot.pacing): about one message per second per channel, a `429`'s
Retry-After, transient failures retried with growing delays; refusals that will not change
(`user_not_found`, `account_inactive`, `channel_not_found`, …) mark the row failed with the reason.
A row sent again after a crash first looks for its own key in the channel's history (message
metadata), so a message Slack accepted just before the crash is not posted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPException

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.claims import BeforePost, Claimed, Due, claim, still_mine, wall_clock
from bot.delivery_errors import Failure, classify, next_try
from bot.delivery_posts import post
from bot.pacing import ChannelQueues, Pacer
from bot.slack_client import pacing_itself
from bot.thread_sweep import NotPostedYet
from store.enums import OutboxStatus
from store.models import OutboxMessage

log = logging.getLogger(__name__)
PARENT_WAIT = timedelta(minutes=1)
QUESTION_RETRY = timedelta(seconds=5)
# A click posts its next question after at most a few Slack calls, each given up after the
# client's timeout and tried twice: a question not in its thread after this many timeouts (on
# the wall clock, as a click's calls take) never will be.
QUESTION_TIMEOUTS = 6
MAX_WAIT = 1.5  # seconds a drain may wait for a busy channel before leaving the rest for later


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    retry: list[str] = field(default_factory=list)

    def merge(self, other: Report) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.retry += other.retry

    @property
    def attempted(self) -> int:
        return len(self.sent) + len(self.failed) + len(self.retry)


def drain(
    sessions: sessionmaker[Session],
    client: WebClient,
    *,
    now: Callable[[], datetime],
    keys: Sequence[str] | None = None,
    limit: int = 200,
    pacer: Pacer | None = None,
    max_wait: float = MAX_WAIT,
    before_post: BeforePost | None = None,
    lease_clock: Callable[[], datetime] = wall_clock,
) -> Report:
    """Send what is due (only `keys`, when given: what the current request just wrote).

    `now` says what is due (a run may be told another instant with --now); leases are measured
    on `lease_clock`, the wall clock every process shares, so a claim taken by a run at a past
    instant is not seen as long expired by the clocks running beside it.

    A channel posted to less than a second ago waits its turn while other channels go first
    (the longest queue first); rows still waiting after `max_wait` seconds are left for the
    next drain.
    """
    pacer = pacer or Pacer()
    client = pacing_itself(client)
    waiting = ChannelQueues(due_rows(sessions, now(), keys, limit))
    report = Report()
    while waiting:
        row = waiting.take(pacer)
        if row is None:
            if not pacer.wait(waiting.channels(), max_wait):
                break
            continue
        token = claim(sessions, row.id, lease_clock())
        if token is not None:
            if before_post is not None:
                before_post(row)
            held = Claimed(row, token, lease_clock)
            _send_one(sessions, client, held, now, report, pacer)
    return report


def due_rows(
    sessions: sessionmaker[Session], now: datetime, keys: Sequence[str] | None, limit: int
) -> list[Due]:
    query = select(OutboxMessage.id, OutboxMessage.idempotency_key, OutboxMessage.recipient).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.send_after <= now
    )
    if keys is not None:
        query = query.where(OutboxMessage.idempotency_key.in_(list(keys)))
    with sessions() as session:
        rows = session.execute(
            query.order_by(OutboxMessage.send_after, OutboxMessage.id).limit(limit)
        )
        return [Due(row[0], row[1], row[2]) for row in rows]


def _send_one(
    sessions: sessionmaker[Session],
    client: WebClient,
    held: Claimed,
    now: Callable[[], datetime],
    report: Report,
    pacer: Pacer,
) -> None:
    row = held.row
    with sessions() as session, session.begin():
        # The fence and the read share one transaction: renewed only if still this claim's.
        if not still_mine(session, held):
            log.warning("outbox %s: claim lost to another dispatcher; not posting", row.key)
            return
        stored = session.get_one(OutboxMessage, row.id)
        payload, attempts = dict(stored.payload), stored.attempts
        parent = payload.get("reply_to")
        thread_ts = _sent_ts(session, parent) if parent else None
    if parent and thread_ts is None:
        _wait_for_parent(sessions, row, now(), report)
        return
    try:
        ts = post(client, row, {**payload, "thread_ts": thread_ts}, retrying=attempts > 1)
    except NotPostedYet as missing:
        limit = timedelta(seconds=QUESTION_TIMEOUTS * client.timeout)
        _wait_for_question(sessions, held, (payload, str(missing)), (now(), limit), report)
        return
    except (SlackClientError, OSError, HTTPException) as exc:
        failure = classify(exc)
        if failure.retry_after is not None:
            pacer.rest(row.recipient, failure.retry_after, everyone=failure.method_wide)
        _after_failure(sessions, row, failure, now(), report)
        return
    pacer.sent(row.recipient)
    with sessions() as session, session.begin():
        stored = session.get_one(OutboxMessage, row.id)
        stored.status, stored.sent_at, stored.slack_ts = OutboxStatus.SENT, now(), ts
        stored.claimed_until, stored.claim_token = None, None
    report.sent.append(row.key)


def _sent_ts(session: Session, key: str) -> str | None:
    """The ts of the sent outbox row `key`, which a thread reply goes under."""
    return session.scalar(
        select(OutboxMessage.slack_ts).where(
            OutboxMessage.idempotency_key == key, OutboxMessage.status == "sent"
        )
    )


def _wait_for_parent(
    sessions: sessionmaker[Session], row: Due, now: datetime, report: Report
) -> None:
    """A reply whose parent is not out yet waits, without counting as a failed attempt."""
    with sessions() as session, session.begin():
        stored = session.get_one(OutboxMessage, row.id)
        stored.claimed_until, stored.claim_token = None, None
        stored.attempts = max(0, stored.attempts - 1)
        stored.send_after = now + PARENT_WAIT
    report.retry.append(row.key)


def _wait_for_question(
    sessions: sessionmaker[Session],
    held: Claimed,
    missing: tuple[dict[str, object], str],
    when: tuple[datetime, timedelta],
    report: Report,
) -> None:
    """A retire row whose question is not in its thread: a click that committed just before the
    state submitted may still be posting it, so the row is tried again soon (not a failed
    attempt), until that click would have given up; then it is done without it."""
    (payload, rec), (now, limit) = missing, when
    wall = held.lease_clock()
    since = payload.get("waiting_since")
    first = datetime.fromisoformat(since) if isinstance(since, str) else wall
    with sessions() as session, session.begin():
        stored = session.get_one(OutboxMessage, held.row.id)
        stored.claimed_until, stored.claim_token = None, None
        if wall - first >= limit:
            stored.status, stored.sent_at, stored.slack_ts = OutboxStatus.SENT, now, ""
            report.sent.append(held.row.key)
            log.warning("outbox %s: %s never appeared in its thread", held.row.key, rec)
            return
        stored.payload = {**payload, "waiting_since": first.isoformat()}
        stored.attempts = max(0, stored.attempts - 1)
        stored.send_after = now + QUESTION_RETRY
        report.retry.append(held.row.key)


def _after_failure(
    sessions: sessionmaker[Session], row: Due, failure: Failure, now: datetime, report: Report
) -> None:
    with sessions() as session, session.begin():
        stored = session.get_one(OutboxMessage, row.id)
        stored.claimed_until, stored.claim_token = None, None
        if failure.retry_after is not None:
            # Slack asked to wait: not a failed attempt, so the allowance of real failures
            # (about six hours of them) is not spent by a rate-limit storm.
            stored.attempts = max(0, stored.attempts - 1)
        delay = next_try(failure, stored.attempts)
        if delay is None:
            stored.status = OutboxStatus.FAILED
            stored.last_error = failure.reason(stored.attempts)
            report.failed.append(row.key)
            log.error("outbox %s to %s failed: %s", row.key, row.recipient, stored.last_error)
            return
        stored.last_error = failure.error
        stored.send_after = now + timedelta(seconds=delay)
        report.retry.append(row.key)
    log.warning("outbox %s: %s; retry in %.0f s", row.key, failure.error, delay)
