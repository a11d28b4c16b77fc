"""The Committee's status post, queued in the outbox at most once per day (the keys hold the
cycle and the Committee's local date): the post, its chart, every jurisdiction's numbers and
the overdue list as thread replies under it, and each configured topic channel's slice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.cycles import open_cycle
from bot.workflows.notices import Compose, Notice, plain
from bot.workflows.outbox import enqueue
from bot.workflows.reminders.data import Planned
from bot.workflows.reporting.evidence import load_evidence
from bot.workflows.reporting.status_data import KIND, StatusSummary, summarize
from bot.workflows.reporting.topic_slices import topic_slice
from store.models import OutboxMessage

# The Committee's working day, used for the once-a-day key and the Monday schedule.
COMMITTEE_TZ = ZoneInfo("America/New_York")
POST_HOUR = 9  # Mondays, 09:00 in New York
Extra = dict[str, Any]  # what goes into an outbox payload besides text and blocks


def status_post(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    committee_channel: str,
    now: datetime,
    topic_channels: Mapping[str, str] | None = None,
) -> str | None:
    """Queue today's post (and its chart, overdue reply and topic slices); returns the post's
    outbox key. None when there is no channel or no open cycle. A second call on the same local
    date queues nothing and returns the same key, so the caller can still send it."""
    planned = plan_status_post(
        session,
        catalog,
        compose,
        committee_channel=committee_channel,
        now=now,
        topic_channels=topic_channels,
    )
    if not planned:
        return None
    for item, extra in planned:
        enqueue(
            session,
            key=item.key,
            kind=item.kind,
            recipient=item.recipient,
            text=item.text,
            blocks=item.blocks,
            now=now,
            extra=extra,
        )
    return planned[0][0].key


def plan_status_post(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    committee_channel: str,
    now: datetime,
    topic_channels: Mapping[str, str] | None = None,
    chart: bool = True,
) -> list[tuple[Planned, Extra]]:
    """Every message `status_post` would queue at `now`, rendered, with its payload extras;
    the post first. Nothing is written."""
    cycle = open_cycle(session)
    if not committee_channel or cycle is None:
        return []
    day = now.astimezone(COMMITTEE_TZ).date().isoformat()
    key = f"status-post:{cycle.id}:{day}"
    found = summarize(session, catalog, channel=committee_channel, key=key, today=_today(now))
    words = compose(Notice(KIND, committee_channel, plain(found.as_context())))
    post = Planned(key, KIND, committee_channel, words.text, words.blocks, words.text)
    planned: list[tuple[Planned, Extra]] = [(post, {"snapshot": found.snapshot()})]
    if chart:
        planned.append(_chart(found, committee_channel, f"status-chart:{cycle.id}:{day}"))
    planned.append(_table(compose, found, committee_channel, key))
    if found.overdue:
        context = plain({"overdue": found.overdue, "cycle": found.cycle})
        late = compose(Notice("status_overdue", committee_channel, context)).text
        reply = Planned(
            f"status-overdue:{cycle.id}:{day}", "status_overdue", committee_channel, late, [], late
        )
        planned.append((reply, {"reply_to": key}))
    if topic_channels:
        # The slices need the answers themselves, not only their numbers.
        evidence = load_evidence(session)
        for slug, channel in topic_channels.items():
            part = topic_slice(catalog, evidence, slug)
            words = compose(
                Notice("status_topic", channel, plain({"t": part, "cycle": found.cycle}))
            )
            item = Planned(
                f"status-topic:{slug}:{cycle.id}:{day}",
                "status_topic",
                channel,
                words.text,
                words.blocks,
                words.text,
            )
            planned.append((item, {}))
    return planned


def companion_keys(post_key: str, topic_channels: Mapping[str, str]) -> list[str]:
    """The keys queued beside a post: its chart, its overdue reply, the topic slices."""
    _, cycle_id, day = post_key.split(":")
    keys = [f"status-chart:{cycle_id}:{day}", f"status-table:{cycle_id}:{day}"]
    keys.append(f"status-overdue:{cycle_id}:{day}")
    return keys + [f"status-topic:{slug}:{cycle_id}:{day}" for slug in topic_channels]


def _today(now: datetime) -> date:
    return now.astimezone(COMMITTEE_TZ).date()


def _table(
    compose: Compose, found: StatusSummary, channel: str, post_key: str
) -> tuple[Planned, Extra]:
    """Every jurisdiction's numbers, as a reply in the post's thread (once: its own key)."""
    _, cycle_id, day = post_key.split(":")
    context = plain({"places": found.places, "cycle": found.cycle})
    text = compose(Notice("status_table", channel, context)).text
    key = f"status-table:{cycle_id}:{day}"
    return Planned(key, "status_table", channel, text, [], text), {"reply_to": post_key}


def _chart(found: StatusSummary, channel: str, key: str) -> tuple[Planned, Extra]:
    """The chart's numbers; the PNG is drawn when the row is uploaded (bot/delivery_posts.py)."""
    day = key.rsplit(":", 1)[-1]
    upload = {
        "filename": f"progress-{day}.png",
        "title": f"Self-assessment progress, {day}",
        "chart": {
            "progress": [[p.code, p.share] for p in found.places],
            "topics": [[name, [[s.label, s.share] for s in t.shares]] for name, t in found.topics],
            "titles": ["Recommendations answered", "Answers by topic area, every jurisdiction"],
        },
    }
    comment = "The week in a picture: progress per jurisdiction and answers per topic area."
    planned = Planned(key, "status_chart", channel, comment, [], f"chart {upload['filename']}")
    return planned, {"upload": upload}


def last_monday_post_time(now: datetime) -> datetime:
    """The most recent Monday 09:00 in New York at or before `now`."""
    local = now.astimezone(COMMITTEE_TZ)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=POST_HOUR, minute=0, second=0, microsecond=0
    )
    return monday if monday <= local else monday - timedelta(days=7)


def post_due(session: Session, *, channel: str, now: datetime) -> bool:
    """Whether this week's post (Monday 09:00 in New York) is due and not in the outbox yet: at
    09:00 on Monday, or later in the week when the clock was down or the database failed then.
    A post made earlier that Monday (a clock started before 09:00 catching up) is this week's. A
    cycle opened after this week's post time has its first post the next Monday."""
    cycle = open_cycle(session)
    if not channel or cycle is None:
        return False
    due = last_monday_post_time(now)
    if cycle.created_at > due:
        return False
    since = due.replace(hour=0)
    found = session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == KIND,
            OutboxMessage.recipient == channel,
            OutboxMessage.created_at >= since,
        )
    )
    return found is None


def already_queued(session: Session, key: str) -> bool:
    """Whether today's post was queued before (sent or not), for a dry run to say so."""
    found = select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)
    return session.scalar(found) is not None
