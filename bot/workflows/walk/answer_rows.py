"""A walk interaction's answers in plain SQL: one read of the topic's answers, and the same
recording rule as `answers.record` written without the ORM's unit of work (a click reads about
ten rows and writes two; building ORM objects and flushing them cost more than the SQL)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Select, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from bot.workflows.walk.answers import Change, Found, history_values, on_record, values_after
from store.models import Answer, AnswerHistory
from store.uow import prove_with

_ANSWERS, _HISTORY = cast(Table, Answer.__table__), cast(Table, AnswerHistory.__table__)
# Built once: a click only binds new values (building a statement costs more than running it).
_OF_RECS = select(*(_ANSWERS.c[name] for name in Found._fields)).where(
    _ANSWERS.c.cycle_id == bindparam("cycle_id"),
    _ANSWERS.c.jurisdiction_code == bindparam("jurisdiction"),
    _ANSWERS.c.recommendation_id.in_(bindparam("recs", expanding=True)),
)
_INSERT, _INSERT_HISTORY = insert(_ANSWERS).returning(_ANSWERS.c.id), insert(_HISTORY)
_UPDATE = update(_ANSWERS).where(_ANSWERS.c.id == bindparam("answer_id"))


def proof_of(answer_id: int, version: int) -> Select[tuple[int]]:
    """The history row of one change: it exists once that change is committed."""
    return select(_HISTORY.c.id).where(
        _HISTORY.c.answer_id == answer_id, _HISTORY.c.version == version
    )


# They run on the session's connection, past its autoflush: the ORM holds no answers here.


def of_recs(
    session: Session, cycle_id: int, jurisdiction: str, recs: Sequence[str]
) -> dict[str, Found]:
    """The current answers to `recs` (a topic's), by recommendation id."""
    rows = session.connection().execute(
        _OF_RECS, {"cycle_id": cycle_id, "jurisdiction": jurisdiction, "recs": list(recs)}
    )
    return {row.recommendation_id: Found(*row) for row in rows}


def write(
    session: Session,
    found: Found | None,
    *,
    cycle_id: int,
    jurisdiction: str,
    rec_id: str,
    actor: str,
    agency: str,
    source: str,
    now: datetime,
    status: str | None = None,
    notes: str | None = None,
    resources: str | None = None,
) -> Change[Found]:
    """`answers.record` for an answer read by `of_recs` in this transaction (under the
    jurisdiction's lock, so `found` is current): the version goes up and a history row is
    appended, unless nothing changes."""
    before, after, changes = values_after(found, actor, status, notes, resources)
    before_by = found.answered_by if found else ""
    if found is not None and not changes:
        return Change(found, False, before[0], before_by)
    by, by_agency = on_record(after, actor, agency)
    version = found.version + 1 if found else 1
    values = {
        "status": after[0],
        "notes": after[1],
        "resources_needed": after[2],
        "answered_by": by,
        "agency": by_agency,
        "answered_at": now,
        "version": version,
    }
    place = {"cycle_id": cycle_id, "jurisdiction_code": jurisdiction, "recommendation_id": rec_id}
    if found is None:
        answer_id = session.connection().execute(_INSERT, {**place, **values}).scalar_one()
    else:
        answer_id = found.id
        session.connection().execute(_UPDATE, {"answer_id": answer_id, **values})
    history = history_values(before, after, answer_id, version, actor, agency, now)
    session.connection().execute(_INSERT_HISTORY, {**history, **place, "source": source})
    prove_with(session, proof_of(answer_id, version))
    answer = Found(answer_id, rec_id, *after, by, by_agency, now, version)
    return Change(answer, True, before[0], before_by)
