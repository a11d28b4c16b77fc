"""`/assess <topic> [ID]`: start a walk, resume it, or re-open one recommendation, in one unit of
work. Resuming points at the open question instead of posting a second live copy, and repairs
what Slack failed to show last time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows import policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.review import submissions
from bot.workflows.walk.scope import Scope, lock, rec_in_topic, topic_answers
from bot.workflows.walk.thread import ask_anew, first_open, message_of, retire, showing, summary
from bot.workflows.walk.topics import resolve_topic
from bot.workflows.walk.views import Said, Shown, Step
from store.models import Cycle, Walk


def open_topic(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    topic_text: str,
    rec_id: str = "",
    jurisdiction: str | None = None,
    channel: str,
    now: datetime,
) -> Step:
    """Check this person may walk the topic, then start, resume or re-open `rec_id`; a new walk
    is recorded at once and gets its thread timestamp when Slack has posted it. `jurisdiction`
    is needed only from someone who answers for several."""
    actor = policy.load_actor(session, user)
    topic = resolve_topic(catalog, topic_text)
    jurisdiction = policy.jurisdiction_for(actor, jurisdiction, example=f"/assess {topic.slug}")
    policy.check(actor, policy.Action.ANSWER, jurisdiction=jurisdiction, topic=topic.slug)
    assert jurisdiction is not None  # noqa: S101 - policy refuses anyone without a jurisdiction
    cycle = require_open_cycle(session)
    lock(session, jurisdiction)
    submissions.ensure_open(session, cycle.id, jurisdiction)
    role = actor.role_in(jurisdiction)
    assert role is not None  # noqa: S101 - policy.check refuses anyone without a role here
    walk = _walk(session, cycle, jurisdiction, user, topic.slug, channel, now)
    scope = Scope(walk, cycle, role, user, topic_answers(session, catalog, walk))
    rec = rec_in_topic(catalog, walk, rec_id) if rec_id else None
    if walk.thread_ts is None:  # new, or Slack never posted its thread
        walk.outdated, walk.messages = [], {}
        walk.current_recommendation_id = walk.current_message_ts = None
        return replace(_ask(catalog, scope, rec), new_thread=True)
    fix_parent = "parent" in walk.outdated
    # Slack, not the walk's record, knows every live copy in the thread (a question posted by
    # a process that stopped before a click wrote its timestamp): read it back and retire them.
    scope.sweep = True
    repaired = _repairs(catalog, scope)
    step = _ask(catalog, scope, rec)
    return replace(step, redraw=(*repaired, *step.redraw), parent=step.parent or fix_parent)


def _walk(
    session: Session, cycle: Cycle, code: str, user: str, topic: str, channel: str, now: datetime
) -> Walk:
    walk = session.scalar(
        select(Walk).where(
            Walk.cycle_id == cycle.id,
            Walk.jurisdiction_code == code,
            Walk.slack_user_id == user,
            Walk.topic == topic,
        )
    )
    if walk is None:
        walk = Walk(
            cycle_id=cycle.id,
            jurisdiction_code=code,
            slack_user_id=user,
            topic=topic,
            channel_id=channel,
            thread_ts=None,
            skipped=[],
            messages={},
            outdated=[],
            created_at=now,
        )
        session.add(walk)
    walk.updated_at = now
    session.flush()
    return walk


def _ask(catalog: Catalog, scope: Scope, rec: Recommendation | None) -> Step:
    """Re-open `rec`, or resume at the first open recommendation (skipped ones included)."""
    walk = scope.walk
    if rec is None:
        walk.skipped = []
        rec = first_open(catalog, walk, scope.found)
        if rec is None:
            step = summary(catalog, scope, retire(catalog, scope))
            return replace(step, parent=False, said=Said.FINISHED)
    if rec.id == walk.current_recommendation_id:
        ts = walk.current_message_ts
        if ts:  # already live in the thread: nothing new is posted, the person gets a link
            place = scope.place(catalog)
            return Step(place, said=Said.CONTINUES, live=rec.id, live_ts=ts)
        # Posted, or not, and its timestamp not written yet: Slack knows which.
        return Step(scope.place(catalog), ask=showing(catalog, scope, rec), lost=True)
    redraw = retire(catalog, scope, keep=rec.id)
    superseded, question = ask_anew(catalog, scope, rec)
    return Step(scope.place(catalog), (*redraw, *superseded), ask=question)


def _repairs(catalog: Catalog, scope: Scope) -> list[Shown]:
    """Messages Slack failed to redraw, drawn again from the walk's record."""
    walk, redraw = scope.walk, []
    for rec_id in walk.outdated:
        ts = message_of(walk, rec_id)
        if ts and rec_id in catalog.by_id:
            live = ts == walk.current_message_ts
            redraw.append(Shown(ts, showing(catalog, scope, catalog.by_id[rec_id], asking=live)))
    walk.outdated = []
    return redraw
