"""One walk interaction's unit of work: the jurisdiction's write lock first, then the walk, its
cycle, the person's role and the jurisdiction's answers, each read once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows import policy
from bot.workflows.errors import NotFound
from bot.workflows.walk import walk_row
from bot.workflows.walk.answer_rows import of_recs
from bot.workflows.walk.answers import Found
from bot.workflows.walk.progress import is_answered, topic_progress
from bot.workflows.walk.views import Place
from store.models import Cycle, Jurisdiction, Submission, Walk

_JURISDICTIONS, _WALKS = cast(Table, Jurisdiction.__table__), cast(Table, Walk.__table__)
# Built once, as plain SQL: a click only binds new values (building costs more than running).
_LOCK = update(_JURISDICTIONS).values(tz=_JURISDICTIONS.c.tz)
_LOCK_CODE = _LOCK.where(_JURISDICTIONS.c.code == bindparam("jurisdiction"))
_CODE_OF_WALK = select(_WALKS.c.jurisdiction_code).where(_WALKS.c.id == bindparam("walk_id"))
_LOCK_WALK = _LOCK.where(_JURISDICTIONS.c.code == _CODE_OF_WALK.scalar_subquery())


@dataclass
class Scope:
    """What every walk interaction works on: `found` holds the answers to the walk's topic,
    kept current as they change."""

    walk: Walk
    cycle: Cycle
    role: policy.Role
    user: str
    found: dict[str, Found]
    # A live question whose message the walk never recorded had to stop being live: the Slack
    # side finds it in the thread (see Place.sweep).
    sweep: bool = False

    def place(self, catalog: Catalog) -> Place:
        walk = self.walk
        return Place(
            walk_id=walk.id,
            user=walk.slack_user_id,
            cycle_id=self.cycle.id,
            jurisdiction=walk.jurisdiction_code,
            cycle_name=self.cycle.name,
            deadline=self.cycle.deadline,
            topic=catalog.topic(walk.topic),
            progress=topic_progress(catalog, self.found, walk.topic),
            channel_id=walk.channel_id,
            thread_ts=walk.thread_ts or "",
            sweep=self.sweep,
        )

    def complete(self, catalog: Catalog) -> bool:
        return all(is_answered(self.found, r) for r in catalog.in_topic(self.walk.topic))


def load(
    session: Session,
    catalog: Catalog,
    user: str,
    walk_id: int,
    *,
    now: datetime,
    rec_id: str = "",
) -> Scope:
    """Lock the walk's jurisdiction, then check that `user` may still change its answers. With
    the recommendation a click names, the walk and its topic's answers come in one read. What
    the workflow changes on the walk is written when the unit of work commits."""
    lock_walk(session, walk_id)
    rec = catalog.by_id.get(rec_id.upper()) if rec_id else None
    if rec is None:
        walk, cycle, submitted = walk_row.read(session, walk_id)
        found = None
    else:
        recs = [r.id for r in catalog.in_topic(rec.topic)]
        walk, cycle, submitted, found = walk_row.read_with_answers(session, walk_id, recs)
    role = authorize(session, user, walk.jurisdiction_code, walk.topic, cycle, submitted)
    walk_row.save_on_commit(session, walk)
    walk.updated_at = now
    if found is None or (rec is not None and walk.topic != rec.topic):
        found = topic_answers(session, catalog, walk)
    return Scope(walk, cycle, role, user, found)


def read_walk(session: Session, walk_id: int) -> tuple[Walk, Cycle, Submission | None]:
    """The walk, its cycle, and the submission that locks its answers (None while open); the
    walk is not saved when changed (`load` is for that)."""
    return walk_row.read(session, walk_id)


def topic_answers(session: Session, catalog: Catalog, walk: Walk) -> dict[str, Found]:
    """The jurisdiction's answers to the walk's topic: all a walk interaction shows or counts."""
    recs = [r.id for r in catalog.in_topic(walk.topic)]
    return of_recs(session, walk.cycle_id, walk.jurisdiction_code, recs)


def lock_walk(session: Session, walk_id: int) -> None:
    """`lock` for the jurisdiction of a walk, before anything of it is read."""
    session.connection().execute(_LOCK_WALK, {"walk_id": walk_id})


def lock(session: Session, jurisdiction: str) -> None:
    """The lock submitting takes too (a no-op UPDATE: the row lock on PostgreSQL, the write lock
    on SQLite): answers and a submission of one jurisdiction never interleave, and concurrent
    clicks are recorded one after the other."""
    session.connection().execute(_LOCK_CODE, {"jurisdiction": jurisdiction})


def authorize(
    session: Session,
    user: str,
    jurisdiction: str,
    topic: str,
    cycle: Cycle,
    submitted: Submission | None,
) -> policy.Role:
    """The person's role, once they may answer this topic and nothing is locked; read
    `submitted` under the lock, so a submission committed meanwhile is seen."""
    actor = policy.load_actor(session, user)
    policy.check(actor, policy.Action.ANSWER, jurisdiction=jurisdiction, topic=topic)
    lock = policy.cycle_lock(cycle) or policy.submission_lock(jurisdiction, submitted)
    if lock is not None:
        raise lock
    role = actor.role_in(jurisdiction)
    assert role is not None  # noqa: S101 - policy.check refuses anyone without a role here
    return role


def rec_in_topic(catalog: Catalog, walk: Walk, rec_id: str) -> Recommendation:
    rec = catalog.by_id.get(rec_id.upper())
    if rec is None or rec.topic != walk.topic:
        topic = catalog.topic(walk.topic)
        ids = ", ".join(r.id for r in catalog.in_topic(walk.topic))
        raise NotFound(
            "{rec} is not a recommendation of {topic}; its ids are {ids}.",
            rec=rec_id,
            topic=topic.name,
            ids=ids,
        )
    return rec
