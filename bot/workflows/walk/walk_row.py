"""A walk interaction's walk, cycle and submission read as columns, and the walk written back as
one UPDATE of the columns that changed when the unit of work commits.

The objects are the ORM classes, so the workflows read and set them as before, but they never
enter the session: a click touches one walk row, and loading it into the identity map and
flushing it through the unit of work took about a tenth of a click's CPU (bench/RESULTS.md).
Like the ORM, a JSON column counts as changed when it is assigned a new value, not when its
value is changed in place (the workflows always assign)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import (
    Row,
    Table,
    bindparam,
    event,
    func,
    null,
    select,
    tuple_,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from bot.workflows.errors import NotFound
from bot.workflows.walk.answers import Found
from store.models import Answer, Cycle, Submission, Walk

_WALKS, _CYCLES = cast(Table, Walk.__table__), cast(Table, Cycle.__table__)
_SUBMISSIONS, _ANSWERS = cast(Table, Submission.__table__), cast(Table, Answer.__table__)
# Every column of the walk (the workflows may change any), and of its cycle and submission
# what the walk and the locks show (policy.cycle_lock, policy.submission_lock): every column
# read costs on every click (PostgreSQL's driver describes each one per statement).
_W = tuple(c.name for c in _WALKS.c)
_C = ("id", "name", "deadline", "status")
_S = ("id", "submitted_by", "submitted_at")
_ENDS = (len(_W), len(_W) + len(_C), len(_W) + len(_C) + len(_S))
GONE = "That conversation is no longer known; start again with `/assess <topic>`."

# Built once: a click only binds new values (building a statement costs more than running it).
# The jurisdiction's active submission as submissions.active_submission finds it (the newest
# not reopened), in the same read as the walk and its cycle.
_ACTIVE = _SUBMISSIONS.alias("active")
_NEWEST_ACTIVE = (
    select(func.max(_ACTIVE.c.id))
    .where(
        _ACTIVE.c.cycle_id == _WALKS.c.cycle_id,
        _ACTIVE.c.jurisdiction_code == _WALKS.c.jurisdiction_code,
        _ACTIVE.c.reopened_at.is_(None),
    )
    .correlate(_WALKS)
    .scalar_subquery()
)
_WALK = (
    select(
        *_WALKS.c,
        *(_CYCLES.c[name].label(f"c_{name}") for name in _C),
        *(_SUBMISSIONS.c[name].label(f"s_{name}") for name in _S),
    )
    .select_from(
        _WALKS.join(_CYCLES, _CYCLES.c.id == _WALKS.c.cycle_id).outerjoin(
            _SUBMISSIONS, _SUBMISSIONS.c.id == _NEWEST_ACTIVE
        )
    )
    .where(_WALKS.c.id == bindparam("walk_id"))
)
# The same with the jurisdiction's answers to one topic's recommendations: the walk's row, then
# one row per answer (the other's columns NULL), so each value is decoded once. A click names
# its recommendation, so the topic is known before the read.
_NONE = tuple(type_coerce(null(), c.type) for c in _WALK.selected_columns)
_OF_WALK = select(_WALKS.c.cycle_id, _WALKS.c.jurisdiction_code).where(
    _WALKS.c.id == bindparam("walk_id")
)
_WALK_ANSWERS = union_all(
    _WALK.add_columns(
        *(type_coerce(null(), _ANSWERS.c[name].type).label(f"a_{name}") for name in Found._fields)
    ),
    select(*_NONE, *(_ANSWERS.c[name] for name in Found._fields)).where(
        tuple_(_ANSWERS.c.cycle_id, _ANSWERS.c.jurisdiction_code).in_(_OF_WALK),
        _ANSWERS.c.recommendation_id.in_(bindparam("recs", expanding=True)),
    ),
)
_SAVE = update(_WALKS).where(_WALKS.c.id == bindparam("walk_id"))

Read = tuple[Walk, Cycle, Submission | None]


def read(session: Session, walk_id: int) -> Read:
    """The walk, its cycle, and the submission that locks its answers (None while open)."""
    row = session.connection().execute(_WALK, {"walk_id": walk_id}).first()
    if row is None:
        raise NotFound(GONE)
    return _entities(row)


def read_with_answers(
    session: Session, walk_id: int, recs: Sequence[str]
) -> tuple[Walk, Cycle, Submission | None, dict[str, Found]]:
    """`read`, and the jurisdiction's current answers to `recs`, by recommendation id."""
    rows = session.connection().execute(_WALK_ANSWERS, {"walk_id": walk_id, "recs": list(recs)})
    found: dict[str, Found] = {}
    walk = None
    for row in rows:
        if row[0] is not None:
            walk = row
        else:
            answer = row[_ENDS[2] :]
            found[answer[1]] = Found(*answer)
    if walk is None:
        raise NotFound(GONE)
    return (*_entities(walk), found)


def save_on_commit(session: Session, walk: Walk) -> None:
    """Write the walk's changed columns in one UPDATE just before `session` commits."""
    before = {name: getattr(walk, name) for name in _W}

    def save(_session: Session) -> None:
        changes = {n: v for n in _W if (v := getattr(walk, n)) is not before[n] and v != before[n]}
        if changes:
            session.connection().execute(_SAVE, {"walk_id": walk.id, **changes})

    event.listen(session, "before_commit", save, once=True)


def _entities(row: Row[Any]) -> Read:
    values = tuple(row)
    walk = Walk(**dict(zip(_W, values[: _ENDS[0]], strict=True)))
    cycle = Cycle(**dict(zip(_C, values[_ENDS[0] : _ENDS[1]], strict=True)))
    active = values[_ENDS[1] : _ENDS[2]]
    submission = None if active[0] is None else Submission(**dict(zip(_S, active, strict=True)))
    return walk, cycle, submission
