"""Answers counted by the database, for the views that need numbers and not the answers: a
handful of rows per jurisdiction or per recommendation instead of every answer of the cycle.

Only answers with a status count (notes alone do not answer a recommendation), and only for
recommendations of the current catalog: one that left the catalog is nobody's progress."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import Integer, case, func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from store.models import Answer

answers = Answer.__table__.c


def answered_per_topic(
    session: Session, catalog: Catalog, cycle_id: int
) -> dict[str, dict[str, int]]:
    """Answered recommendations per jurisdiction and topic slug (absent: none answered)."""
    slugs = [t.slug for t in catalog.topics]
    sums = [
        func.sum(
            case(
                (answers.recommendation_id.in_([r.id for r in catalog.in_topic(slug)]), 1),
                else_=0,
            ),
            type_=Integer,
        )
        for slug in slugs
    ]
    rows = session.execute(
        select(answers.jurisdiction_code, *sums)
        .where(answers.cycle_id == cycle_id, answers.status.is_not(None))
        .group_by(answers.jurisdiction_code)
    )
    return {code: dict(zip(slugs, (int(n or 0) for n in per), strict=True)) for code, *per in rows}


def answered_per_place(session: Session, catalog: Catalog, cycle_id: int) -> dict[str, int]:
    """Answered recommendations per jurisdiction with any answer row (notes alone count as a
    row: such a place has begun, with 0 answered); absent, a place with no row at all."""
    answered = case(
        (
            answers.status.is_not(None) & answers.recommendation_id.in_(list(catalog.by_id)),
            1,
        ),
        else_=0,
    )
    rows = session.execute(
        select(answers.jurisdiction_code, func.sum(answered, type_=Integer))
        .where(answers.cycle_id == cycle_id)
        .group_by(answers.jurisdiction_code)
    )
    return {code: int(n or 0) for code, n in rows}


def statuses_per_rec(
    session: Session, cycle_id: int, codes: Collection[str] | None = None
) -> dict[str, dict[str, int]]:
    """How many jurisdictions (of `codes`, default all) gave each status, per recommendation."""
    query = (
        select(answers.recommendation_id, answers.status, func.count())
        .where(answers.cycle_id == cycle_id, answers.status.is_not(None))
        .group_by(answers.recommendation_id, answers.status)
    )
    if codes is not None:
        query = query.where(answers.jurisdiction_code.in_(list(codes)))
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for rec_id, status, n in session.execute(query):
        found[rec_id][status] = int(n)
    return found
