"""The walk: one person, one topic, one recommendation at a time, in a Slack thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows import policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.review import submissions
from bot.workflows.walk import answers
from bot.workflows.walk.progress import answers_by_rec, is_answered, status_counts
from bot.workflows.walk.topics import resolve_topic
from bot.workflows.walk.views import Place, Question, Step, build_place, build_question
from store.models import Answer, Cycle, Walk


def start(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    topic_text: str,
    now: datetime,
    jurisdiction: str | None = None,
) -> Place:
    """Check this person may walk the topic; return their existing walk, or where a new one goes.
    `jurisdiction` is needed only from someone who answers for several."""
    actor = policy.load_actor(session, user)
    topic = resolve_topic(catalog, topic_text)
    jurisdiction = policy.jurisdiction_for(actor, jurisdiction, example=f"/assess {topic.slug}")
    policy.check(actor, policy.Action.ANSWER, jurisdiction=jurisdiction, topic=topic.slug)
    assert jurisdiction is not None  # noqa: S101 - policy refuses anyone without a jurisdiction
    cycle = require_open_cycle(session)
    submissions.ensure_open(session, cycle.id, jurisdiction)
    walk = session.scalar(
        select(Walk).where(
            Walk.cycle_id == cycle.id,
            Walk.jurisdiction_code == jurisdiction,
            Walk.slack_user_id == user,
            Walk.topic == topic.slug,
        )
    )
    if walk is not None:
        walk.skipped = []  # resuming starts at the first unanswered one, skipped included
        walk.updated_at = now
    return build_place(session, catalog, cycle, jurisdiction, topic, user, walk)


def attach(
    session: Session,
    catalog: Catalog,
    *,
    place: Place,
    channel_id: str,
    thread_ts: str,
    now: datetime,
) -> Place:
    """Record the thread the handler just opened for a new walk."""
    cycle = require_open_cycle(session)
    walk = Walk(
        cycle_id=cycle.id,
        jurisdiction_code=place.jurisdiction,
        slack_user_id=place.user,
        topic=place.topic.slug,
        channel_id=channel_id,
        thread_ts=thread_ts,
        skipped=[],
        created_at=now,
        updated_at=now,
    )
    session.add(walk)
    session.flush()
    return build_place(session, catalog, cycle, place.jurisdiction, place.topic, place.user, walk)


def ask_next(session: Session, catalog: Catalog, *, walk_id: int, now: datetime) -> Question | None:
    """Make the first open recommendation (not answered, not skipped) current; None when done."""
    walk = _walk(session, walk_id)
    found = answers_by_rec(session, walk.cycle_id, walk.jurisdiction_code)
    rec = _first_open(catalog, walk, found)
    walk.current_recommendation_id = rec.id if rec else None
    walk.current_message_ts = None
    walk.updated_at = now
    return build_question(catalog, walk, rec, found.get(rec.id)) if rec else None


def ask(
    session: Session, catalog: Catalog, *, user: str, walk_id: int, rec_id: str, now: datetime
) -> Question:
    """Re-open one recommendation (Change, Back, `/assess topic ID`) as the current question."""
    walk, _ = authorize(session, user, walk_id)
    rec = rec_in_topic(catalog, walk, rec_id)
    walk.current_recommendation_id, walk.current_message_ts, walk.updated_at = rec.id, None, now
    found = answers.current(session, walk.cycle_id, walk.jurisdiction_code, rec.id)
    return build_question(catalog, walk, rec, found)


def asked(session: Session, *, walk_id: int, rec_id: str, message_ts: str) -> None:
    """Remember which thread message shows the current question, so notes can redraw it."""
    walk = _walk(session, walk_id)
    if walk.current_recommendation_id == rec_id:
        walk.current_message_ts = message_ts


def previous(
    session: Session, catalog: Catalog, *, user: str, walk_id: int, rec_id: str, now: datetime
) -> Question:
    walk, _ = authorize(session, user, walk_id)
    recs = catalog.in_topic(walk.topic)
    index = next((i for i, r in enumerate(recs) if r.id == rec_id), 0)
    if index == 0:
        raise InvalidInput("This is the first recommendation of the topic area.")
    return ask(session, catalog, user=user, walk_id=walk_id, rec_id=recs[index - 1].id, now=now)


def answer(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    walk_id: int,
    rec_id: str,
    status: str,
    now: datetime,
) -> Step:
    """Record the clicked status, then move to the next open recommendation."""
    walk, role = authorize(session, user, walk_id)
    rec = rec_in_topic(catalog, walk, rec_id)
    if status not in {o.value for o in catalog.options_for(rec)}:
        raise InvalidInput(f"“{status}” is not an answer option for {rec.id}.")
    was_complete = _complete(catalog, session, walk)
    change = record_in_walk(
        session, walk, role, rec.id, user=user, source="button", now=now, status=status
    )
    overwrote_other = (
        change.changed and change.before_status is not None and change.before_by != user
    )
    walk.skipped = [r for r in walk.skipped if r != rec.id]
    shown = build_question(
        catalog,
        walk,
        rec,
        change.answer,
        asking=False,
        was_label=catalog.scale_label(change.before_status) if overwrote_other else "",
        was_by=change.before_by if overwrote_other else "",
    )
    return _advance(session, catalog, walk, shown, was_complete, now)


def skip(
    session: Session, catalog: Catalog, *, user: str, walk_id: int, rec_id: str, now: datetime
) -> Step:
    walk, _ = authorize(session, user, walk_id)
    rec = rec_in_topic(catalog, walk, rec_id)
    walk.skipped = [*[r for r in walk.skipped if r != rec.id], rec.id]
    found = answers.current(session, walk.cycle_id, walk.jurisdiction_code, rec.id)
    shown = build_question(catalog, walk, rec, found, asking=False, skipped=True)
    return _advance(session, catalog, walk, shown, _complete(catalog, session, walk), now)


def thread_walk(session: Session, *, channel_id: str, thread_ts: str) -> Walk | None:
    return session.scalar(
        select(Walk).where(Walk.channel_id == channel_id, Walk.thread_ts == thread_ts)
    )


def place_of(session: Session, catalog: Catalog, walk_id: int) -> Place:
    walk = _walk(session, walk_id)
    cycle = session.get_one(Cycle, walk.cycle_id)
    return build_place(
        session,
        catalog,
        cycle,
        walk.jurisdiction_code,
        catalog.topic(walk.topic),
        walk.slack_user_id,
        walk,
    )


def _advance(
    session: Session,
    catalog: Catalog,
    walk: Walk,
    shown: Question,
    was_complete: bool,
    now: datetime,
) -> Step:
    session.flush()
    next_question = ask_next(session, catalog, walk_id=walk.id, now=now)
    found = answers_by_rec(session, walk.cycle_id, walk.jurisdiction_code)
    complete = all(is_answered(found, r) for r in catalog.in_topic(walk.topic))
    counts = tuple(status_counts(catalog, found, walk.topic)) if next_question is None else None
    return Step(
        place=place_of(session, catalog, walk.id),
        shown=shown,
        next_question=next_question,
        counts=counts,
        just_completed=complete and not was_complete,
    )


def record_in_walk(
    session: Session,
    walk: Walk,
    role: policy.Role,
    rec_id: str,
    *,
    user: str,
    source: str,
    now: datetime,
    status: str | None = None,
    notes: str | None = None,
    resources: str | None = None,
) -> answers.Change:
    """Change an answer of the walk's jurisdiction and cycle, as `user` in `role`."""
    return answers.record(
        session,
        cycle_id=walk.cycle_id,
        jurisdiction=walk.jurisdiction_code,
        rec_id=rec_id,
        actor=user,
        agency=role.agency,
        source=source,
        now=now,
        status=status,
        notes=notes,
        resources=resources,
    )


def authorize(session: Session, user: str, walk_id: int) -> tuple[Walk, policy.Role]:
    walk = _walk(session, walk_id)
    actor = policy.load_actor(session, user)
    policy.check(actor, policy.Action.ANSWER, jurisdiction=walk.jurisdiction_code, topic=walk.topic)
    cycle = session.get_one(Cycle, walk.cycle_id)
    lock = policy.cycle_lock(cycle)
    if lock is not None:
        raise lock
    submissions.ensure_open(session, walk.cycle_id, walk.jurisdiction_code)
    role = actor.role_in(walk.jurisdiction_code)
    assert role is not None  # noqa: S101 - policy.check refuses anyone without a role here
    return walk, role


def _walk(session: Session, walk_id: int) -> Walk:
    walk = session.get(Walk, walk_id)
    if walk is None:
        raise NotFound("That conversation is no longer known; start again with `/assess <topic>`.")
    return walk


def rec_in_topic(catalog: Catalog, walk: Walk, rec_id: str) -> Recommendation:
    rec = catalog.by_id.get(rec_id.upper())
    if rec is None or rec.topic != walk.topic:
        raise NotFound(f"{rec_id} is not a recommendation of {catalog.topic(walk.topic).name}.")
    return rec


def _first_open(catalog: Catalog, walk: Walk, found: dict[str, Answer]) -> Recommendation | None:
    skipped = set(walk.skipped or ())
    return next(
        (
            r
            for r in catalog.in_topic(walk.topic)
            if not is_answered(found, r) and r.id not in skipped
        ),
        None,
    )


def _complete(catalog: Catalog, session: Session, walk: Walk) -> bool:
    found = answers_by_rec(session, walk.cycle_id, walk.jurisdiction_code)
    return all(is_answered(found, r) for r in catalog.in_topic(walk.topic))
