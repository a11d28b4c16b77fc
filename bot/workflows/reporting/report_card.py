"""A state's report card, the first page of its report: scores beside the national spread,
strengths, next steps, resources needed and featured practices; and the method printed with it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, ScaleOption
from bot.workflows.reporting.adoption import SCOPES, in_scope
from bot.workflows.reporting.evidence import Evidence, submissions
from bot.workflows.reporting.export import export_cycle
from bot.workflows.reporting.scoring import (
    RULE,
    SPREAD_RULE,
    WEIGHTS,
    Benchmarks,
    Score,
    Spread,
    benchmarks,
    scorecard,
    scorecards,
)
from store.models import Answer, Jurisdiction

TIER_2, TIER_1, NOT_YET = "tier_2", "tier_1", "not_yet"


@dataclass(frozen=True)
class Method:
    """What every report prints about how its scores were made."""

    rule: str
    spread_rule: str
    scale: tuple[ScaleOption, ...]  # the catalog's options with their definitions
    weights: tuple[tuple[str, str], ...]  # (scale label, what it counts)
    scope_label: str
    counted: tuple[str, ...]  # names of the jurisdictions counted


@dataclass(frozen=True)
class Standing:
    """The national picture of a cycle that state cards compare with."""

    benchmarks: Benchmarks
    method: Method


@dataclass(frozen=True)
class TopicScore:
    slug: str
    name: str
    score: Score
    spread: Spread | None


@dataclass(frozen=True)
class Group:
    """Recommendation ids of one topic area, with what the list is about."""

    topic: str
    ids: tuple[str, ...]


def method(catalog: Catalog, counted: tuple[str, ...], scope: str) -> Method:
    """The method, with the names of the jurisdictions counted."""
    return Method(
        RULE,
        SPREAD_RULE,
        tuple(catalog.scale),
        tuple((o.label, _weight(o.value)) for o in catalog.scale),
        SCOPES[scope],
        counted,
    )


def standing(
    session: Session, catalog: Catalog, *, cycle: str | None, scope: str = "submitted"
) -> Standing:
    """The spreads of the jurisdictions counted in the cycle (submitted ones by default), from
    the statuses alone (one state's report needs no other state's notes or people)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    found = export_cycle(session, cycle)
    statuses: dict[str, dict[str, str | None]] = defaultdict(dict)
    rows = session.execute(
        select(Answer.jurisdiction_code, Answer.recommendation_id, Answer.status).where(
            Answer.cycle_id == found.id
        )
    )
    for code, rec_id, status in rows:
        statuses[code][rec_id] = status
    submitted = submissions(session, found.id)
    places = session.execute(
        select(Jurisdiction.code, Jurisdiction.name).order_by(Jurisdiction.name)
    )
    counted = [
        (code, name)
        for code, name in places
        if (code in submitted if scope == "submitted" else bool(statuses.get(code)))
    ]
    cards = [scorecard(catalog, code, statuses.get(code, {})) for code, _ in counted]
    names = tuple(name for _, name in counted)
    return Standing(benchmarks(catalog, cards), method(catalog, names, scope))


def standing_of(catalog: Catalog, evidence: Evidence, scope: str) -> Standing:
    """The same standing from a cycle's evidence already loaded."""
    places = in_scope(evidence, scope)
    cards = scorecards(catalog, evidence, [p.code for p in places])
    names = tuple(p.name for p in places)
    return Standing(benchmarks(catalog, cards), method(catalog, names, scope))


def grouped(pairs: Iterable[tuple[str, str]]) -> tuple[Group, ...]:
    """(topic, id) pairs in order, as one group per topic."""
    groups: dict[str, list[str]] = {}
    for topic, rec_id in pairs:
        groups.setdefault(topic, []).append(rec_id)
    return tuple(Group(topic, tuple(ids)) for topic, ids in groups.items())


def topic_scores(
    catalog: Catalog, scores: dict[str, Score], spreads: Benchmarks | None
) -> tuple[TopicScore, ...]:
    return tuple(
        TopicScore(t.slug, t.name, scores[t.slug], spreads.topics.get(t.slug) if spreads else None)
        for t in catalog.topics
    )


def _weight(value: str) -> str:
    if value in WEIGHTS:
        return f"counts {WEIGHTS[value]:g}"
    if value == "not_applicable":
        return "left out of the denominator"
    return "shown apart, not counted"


@dataclass(frozen=True)
class StateCard:
    overall: Score
    overall_spread: Spread | None
    topics: tuple[TopicScore, ...]
    strengths: tuple[Group, ...]  # Tier II
    not_yet: tuple[Group, ...]  # next steps first: not yet addressed
    tier_1: tuple[Group, ...]  # then: from Tier I to Tier II


def state_card(
    catalog: Catalog, answers: dict[str, str | None], spreads: Benchmarks | None
) -> StateCard:
    """The card of one jurisdiction from its status per recommendation id."""
    card = scorecard(catalog, "", answers)

    def having(value: str) -> tuple[Group, ...]:
        return grouped(
            (catalog.topic(r.topic).name, r.id)
            for r in catalog.recommendations
            if answers.get(r.id) == value
        )

    return StateCard(
        card.overall,
        spreads.overall if spreads else None,
        topic_scores(catalog, dict(card.topics), spreads),
        having(TIER_2),
        having(NOT_YET),
        having(TIER_1),
    )
