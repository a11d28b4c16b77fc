"""The one scoring rule every report, export and chart uses, and the national spread of scores.

A jurisdiction's score in a set of recommendations is the mean of the weights of the answers it
gave there: Tier II counts 1, Tier I 0.5, "not yet addressed" 0. "Not applicable" leaves the
recommendation out of the denominator; "not sure yet" and recommendations not answered at all are
counted apart and never as not adopted. A set with no weighted answer has no score (None), not 0.
The national median and quartiles are taken over the jurisdictions that have a score.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.workflows.reporting.evidence import Evidence

WEIGHTS: Mapping[str, float] = {"tier_2": 1.0, "tier_1": 0.5, "not_yet": 0.0}
EXCLUDED = "not_applicable"  # left out of the denominator
RULE = (
    "Tier II counts 1, Tier I counts 0.5 and not yet addressed counts 0; the score is their "
    "mean over the recommendations answered with one of these, as a percentage. Not applicable "
    "is left out of the denominator. Not sure yet and unanswered recommendations are shown apart "
    "and never counted as not adopted; a topic area without any such answer has no score."
)
SPREAD_RULE = (
    "The national median and quartiles are taken over the jurisdictions counted that have a "
    "score (quartiles by linear interpolation between the ranked scores, the inclusive method)."
)


@dataclass(frozen=True)
class Score:
    """One jurisdiction's answers in a set of recommendations, weighed by the rule."""

    points: float  # sum of the weights
    scored: int  # answers with a weight: the denominator
    not_applicable: int
    unsure: int  # answered with an option that has no weight (e.g. not sure yet)
    unanswered: int
    tier_2: int = 0
    tier_1: int = 0
    not_yet: int = 0

    @property
    def total(self) -> int:
        return self.scored + self.not_applicable + self.unsure + self.unanswered

    @property
    def value(self) -> float | None:
        """The score from 0 to 1, or None when nothing in the set could be weighed."""
        return self.points / self.scored if self.scored else None


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of the scores of `count` jurisdictions."""

    count: int
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class Scorecard:
    """One jurisdiction's overall score and its score per topic area (by slug, catalog order)."""

    code: str
    overall: Score
    topics: Mapping[str, Score]


@dataclass(frozen=True)
class Benchmarks:
    """The national picture the state cards compare with: spreads overall and per topic."""

    codes: tuple[str, ...]  # the jurisdictions counted
    overall: Spread | None
    topics: Mapping[str, Spread | None]


def score(statuses: Iterable[str | None]) -> Score:
    """Weigh one answer per recommendation (None: not answered)."""
    points, scored, na, unsure, unanswered = 0.0, 0, 0, 0, 0
    tiers = {"tier_2": 0, "tier_1": 0, "not_yet": 0}
    for status in statuses:
        if status is None:
            unanswered += 1
        elif status == EXCLUDED:
            na += 1
        elif status in WEIGHTS:
            points += WEIGHTS[status]
            scored += 1
            tiers[status] += 1
        else:
            unsure += 1
    return Score(points, scored, na, unsure, unanswered, **tiers)


def scorecard(catalog: Catalog, code: str, statuses: Mapping[str, str | None]) -> Scorecard:
    """A jurisdiction's card from its status per recommendation id (missing: not answered);
    answers to recommendations no longer in the catalog are ignored."""
    topics = {
        t.slug: score(statuses.get(r.id) for r in catalog.in_topic(t.slug)) for t in catalog.topics
    }
    overall = score(statuses.get(r.id) for r in catalog.recommendations)
    return Scorecard(code, overall, topics)


def scorecards(catalog: Catalog, evidence: Evidence, codes: Iterable[str]) -> tuple[Scorecard, ...]:
    """The cards of the jurisdictions `codes` from a cycle's loaded evidence."""
    return tuple(
        scorecard(catalog, code, {k: g.status for k, g in evidence.of(code).items()})
        for code in codes
    )


def spread(values: Iterable[float | None]) -> Spread | None:
    """Median and quartiles of the values given (None values are skipped); None if none."""
    ranked = sorted(v for v in values if v is not None)
    if not ranked:
        return None
    if len(ranked) == 1:
        return Spread(1, ranked[0], ranked[0], ranked[0])
    q1, median, q3 = statistics.quantiles(ranked, n=4, method="inclusive")
    return Spread(len(ranked), q1, median, q3)


def benchmarks(catalog: Catalog, cards: Sequence[Scorecard]) -> Benchmarks:
    """The spreads over `cards` (the jurisdictions counted)."""
    return Benchmarks(
        tuple(c.code for c in cards),
        spread(c.overall.value for c in cards),
        {t.slug: spread(c.topics[t.slug].value for c in cards) for t in catalog.topics},
    )


def percent(value: float | None) -> str:
    """A score as reports print it: '72%', or an em dash when there is none."""
    return "—" if value is None else f"{round(value * 100)}%"
