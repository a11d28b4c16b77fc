"""The outbox dispatcher job: report permanent failures to the Committee, then send whatever is
due, keeping Slack's pace, until nothing more is due soon."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import select

from bot.claims import BeforePost, wall_clock
from bot.delivery import Report, drain
from bot.deps import Deps
from bot.pacing import Pacer
from bot.workflows.failures import report_failures
from bot.workflows.walk import live_progress
from store.enums import OutboxStatus
from store.models import OutboxMessage

DRAIN_LIMIT = 5000  # rows in hand at once: enough that a slow channel never starves the others
LONGEST_PAUSE = 5.0  # seconds a drain waits for a channel before re-reading the outbox
IDLE_WAIT = 5.0  # with a real clock, wait this long for rows falling due (a short Retry-After)


def dispatch(
    deps: Deps,
    *,
    pacer: Pacer | None = None,
    follow: bool = True,
    budget: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    before_post: BeforePost | None = None,
) -> Report:
    """Send until nothing is due (or `budget` seconds have passed).

    With `follow` (a real clock) it also waits for rows that fall due within IDLE_WAIT, such as
    a message told to retry after a second; with a fixed clock time stands still, so it stops.
    """
    pacer = pacer or Pacer()
    report = Report()
    stop_at = time.monotonic() + budget if budget is not None else math.inf
    while True:
        with deps.uow() as uow:
            report_failures(
                uow.session, deps.compose, channel=deps.settings.committee_channel, now=deps.now()
            )
            live_progress.queue_due(uow.session, deps.catalog, deps.compose, now=deps.now())
            uow.commit()
        left = stop_at - time.monotonic()
        step = drain(
            deps.sessions,
            deps.client,
            now=deps.clock,
            limit=DRAIN_LIMIT,
            pacer=pacer,
            max_wait=max(min(left, LONGEST_PAUSE), 0.0),
            before_post=before_post,
        )
        report.merge(step)
        left = stop_at - time.monotonic()
        if left <= 0:
            return report
        if step.attempted:
            continue  # more may be due, and failures just recorded are reported next round
        wait = next_due_in(deps, pacer) if follow else None
        if wait is None or wait > min(left, IDLE_WAIT):
            return report
        sleep(wait)


def next_due_in(deps: Deps, pacer: Pacer) -> float | None:
    """Seconds until a pending row may be sent: its retry time, its claim's lease end (another
    dispatcher's), and its channel's pace, whichever is last; None when nothing is pending."""
    with deps.sessions() as session:
        rows = session.execute(
            select(OutboxMessage.send_after, OutboxMessage.claimed_until, OutboxMessage.recipient)
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.send_after)
            .limit(100)
        ).all()
    now, wall = deps.now(), wall_clock()  # retries fall due on `now`; leases end on the wall
    waits = [
        max(
            (after - now).total_seconds(),
            (claim - wall).total_seconds() if claim else 0.0,
            pacer.delay(recipient),
            0.0,
        )
        for after, claim, recipient in rows
    ]
    return min(waits) + 0.05 if waits else None
