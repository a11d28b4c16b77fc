"""Every jurisdiction's overall score in a cycle, ranked, with the change since the cycle
before: the national map's colours, the ranking beside it and the publication's index.

Scores follow the one rule of `scoring`. A jurisdiction outside the report's scope (by default,
one that has not submitted) is listed but neither scored nor ranked, so a half-done assessment
is never compared with finished ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import in_scope
from bot.workflows.reporting.evidence import Evidence, load_evidence
from bot.workflows.reporting.scoring import scorecards
from store.models import Cycle


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    score: float | None  # 0..1; None when not counted or nothing could be weighed
    rank: int | None  # 1 is the highest score; equal scores share a rank
    counted: bool
    change: float | None = None  # score minus the previous cycle's, when both exist


def ranking(
    catalog: Catalog, evidence: Evidence, *, scope: str, before: Evidence | None = None
) -> tuple[Ranked, ...]:
    """Every jurisdiction: the scored ones by score (highest first), then the others by name."""
    counted = {p.code for p in in_scope(evidence, scope)}
    cards = {c.code: c for c in scorecards(catalog, evidence, sorted(counted))}
    then = _scores(catalog, before, scope) if before is not None else {}
    scores = {code: card.overall.value for code, card in cards.items()}
    rows = []
    for place in evidence.places:
        value = scores.get(place.code)
        rank = None
        if value is not None:
            rank = 1 + sum(1 for code, v in scores.items() if v is not None and v > value)
        old = then.get(place.code)
        change = value - old if value is not None and old is not None else None
        rows.append(Ranked(place.code, place.name, value, rank, place.code in counted, change))
    return tuple(sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.name)))


def _scores(catalog: Catalog, evidence: Evidence, scope: str) -> dict[str, float | None]:
    codes = sorted(p.code for p in in_scope(evidence, scope))
    return {c.code: c.overall.value for c in scorecards(catalog, evidence, codes)}


def previous_cycle(session: Session, evidence: Evidence) -> Evidence | None:
    """The cycle created just before the report's one, if there is one."""
    name = session.scalars(
        select(Cycle.name).where(Cycle.id < evidence.cycle_id).order_by(Cycle.id.desc())
    ).first()
    return None if name is None else load_evidence(session, cycle=name)
