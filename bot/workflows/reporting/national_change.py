"""The national picture against an earlier cycle: the median score per topic area then and now,
each jurisdiction's score and Tier II count then and now, and with three cycles or more the
national median cycle by cycle."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import in_scope
from bot.workflows.reporting.evidence import Evidence, load_evidence
from bot.workflows.reporting.progress import signed
from bot.workflows.reporting.scoring import Scorecard, benchmarks, scorecards
from store.models import Cycle

TREND_FROM = 3  # cycles


@dataclass(frozen=True)
class Shift:
    """A score (0 to 1, or None) then and now."""

    name: str
    then: float | None
    now: float | None

    @property
    def change(self) -> str:
        """Signed percentage points, e.g. '+5 points'; an em dash when either is missing."""
        if self.then is None or self.now is None:
            return "—"
        return f"{signed(round(self.now * 100) - round(self.then * 100))} points"


@dataclass(frozen=True)
class PlaceShift:
    code: str
    score: Shift
    tier_2_then: int
    tier_2_now: int

    @property
    def tier_2_change(self) -> str:
        return signed(self.tier_2_now - self.tier_2_then)


@dataclass(frozen=True)
class NationalChange:
    previous: str
    overall: Shift  # national median
    topics: tuple[Shift, ...]  # national median per topic area
    places: tuple[PlaceShift, ...]  # every jurisdiction with answers in either cycle


def national_change(
    catalog: Catalog, before: Evidence, after: Evidence, scope: str
) -> NationalChange:
    """Medians over the jurisdictions counted in each cycle (same scope); every jurisdiction's
    own score then and now."""
    then = benchmarks(catalog, _counted(catalog, before, scope))
    now = benchmarks(catalog, _counted(catalog, after, scope))
    topics = tuple(
        Shift(
            t.name,
            (s.median if (s := then.topics.get(t.slug)) else None),
            (s.median if (s := now.topics.get(t.slug)) else None),
        )
        for t in catalog.topics
    )
    overall = Shift(
        "All topic areas",
        then.overall.median if then.overall else None,
        now.overall.median if now.overall else None,
    )
    codes = [p.code for p in after.places if before.of(p.code) or after.of(p.code)]
    old = {c.code: c for c in scorecards(catalog, before, codes)}
    places = tuple(
        PlaceShift(
            c.code,
            Shift(after.place(c.code).name, old[c.code].overall.value, c.overall.value),
            old[c.code].overall.tier_2,
            c.overall.tier_2,
        )
        for c in scorecards(catalog, after, codes)
    )
    return NationalChange(before.cycle_name, overall, topics, places)


def trend(
    session: Session, catalog: Catalog, scope: str, cycles: list[Cycle]
) -> tuple[tuple[str, float | None], ...]:
    """(cycle name, national median score) for each of `cycles` (oldest first), when there
    are at least three; otherwise nothing."""
    if len(cycles) < TREND_FROM:
        return ()
    found = []
    for cycle in cycles:
        spread = benchmarks(
            catalog, _counted(catalog, load_evidence(session, cycle=cycle.name), scope)
        ).overall
        found.append((cycle.name, spread.median if spread else None))
    return tuple(found)


def _counted(catalog: Catalog, evidence: Evidence, scope: str) -> tuple[Scorecard, ...]:
    return scorecards(catalog, evidence, [p.code for p in in_scope(evidence, scope)])
