"""Adoption across jurisdictions: how often each answer was chosen, per recommendation and per
topic area, the most and least adopted recommendations, a matrix of topic areas by jurisdiction, and
what states wrote about their innovative work and the resources they need.

Computed over submitted assessments by default, or over every answer given (`scope="all"`:
every jurisdiction with at least one answer); the result always says which. "Not applicable"
and "not sure" are scale options like the tiers, counted apart from "no answer".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.catalog import Catalog, Recommendation, Resource
from bot.workflows.reporting.evidence import Evidence, Given, Place
from bot.workflows.reporting.notes import TopicNotes, innovative_work, resources_needed
from bot.workflows.reporting.scoring import scorecards
from bot.workflows.reporting.tally import TIER_1, TIER_2, Tally, counted, tally

SCOPES = {
    "submitted": "submitted assessments only",
    "all": "every answer given, submitted or not",
}
HIGHLIGHTS = 10


@dataclass(frozen=True)
class RecAdoption:
    id: str
    topic: str
    topic_name: str
    text: str
    tally: Tally
    resources: tuple[Resource, ...] = ()


@dataclass(frozen=True)
class TopicAdoption:
    slug: str
    name: str
    tally: Tally
    recommendations: tuple[RecAdoption, ...]


@dataclass(frozen=True)
class MatrixRow:
    slug: str
    name: str
    cells: tuple[float | None, ...]  # the topic's score per code (None: nothing weighed)
    prefix: str = ""  # the topic's id prefix: a short column heading


@dataclass(frozen=True)
class Adoption:
    cycle_name: str
    scope: str  # submitted | all
    codes: tuple[str, ...]  # the jurisdictions counted, by name
    names: tuple[str, ...]
    generated_at: datetime
    topics: tuple[TopicAdoption, ...]
    most: tuple[RecAdoption, ...]
    least: tuple[RecAdoption, ...]
    matrix: tuple[MatrixRow, ...]
    innovative: tuple[TopicNotes, ...]
    resources_needed: tuple[TopicNotes, ...]

    @property
    def scope_label(self) -> str:
        return SCOPES[self.scope]

    @property
    def recommendations(self) -> tuple[RecAdoption, ...]:
        return tuple(r for t in self.topics for r in t.recommendations)


def in_scope(evidence: Evidence, scope: str) -> tuple[Place, ...]:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    if scope == "submitted":
        return tuple(p for p in evidence.places if p.submitted_at is not None)
    return tuple(p for p in evidence.places if evidence.of(p.code))


def adoption(catalog: Catalog, evidence: Evidence, *, scope: str, now: datetime) -> Adoption:
    """Every figure of the Committee's adoption view, from evidence already loaded."""
    places = in_scope(evidence, scope)
    per_rec = statuses_of(catalog, (evidence.of(p.code) for p in places))
    topics = tuple(_topic(catalog, per_rec, len(places), t.slug) for t in catalog.topics)
    recs = [r for t in topics for r in t.recommendations]
    ranked, rising = most_adopted(recs), least_adopted(recs)
    return Adoption(
        cycle_name=evidence.cycle_name,
        scope=scope,
        codes=tuple(p.code for p in places),
        names=tuple(p.name for p in places),
        generated_at=now.astimezone(UTC),
        topics=topics,
        most=tuple(ranked[:HIGHLIGHTS]) if places else (),
        least=tuple(rising[:HIGHLIGHTS]) if places else (),
        matrix=_matrix(catalog, evidence, places),
        innovative=innovative_work(catalog, evidence, places),
        resources_needed=resources_needed(catalog, evidence, places),
    )


def statuses_of(
    catalog: Catalog, answers: Iterable[Mapping[str, Given]]
) -> dict[str, dict[str, int]]:
    """How many of the jurisdictions' `answers` gave each status, per recommendation: one pass
    over the answers for every tally that follows."""
    found: dict[str, dict[str, int]] = {r.id: {} for r in catalog.recommendations}
    for mine in answers:
        for rec_id, given in mine.items():
            counts = found.get(rec_id)
            if counts is not None and given.status is not None:
                counts[given.status] = counts.get(given.status, 0) + 1
    return found


def most_adopted(recs: Iterable[RecAdoption]) -> list[RecAdoption]:
    """By Tier II share, then Tier I share, highest first; ties keep catalog order."""
    return sorted(recs, key=lambda r: (-r.tally.share(TIER_2), -r.tally.share(TIER_1)))


def least_adopted(recs: Iterable[RecAdoption]) -> list[RecAdoption]:
    return sorted(recs, key=lambda r: (r.tally.share(TIER_2), r.tally.share(TIER_1)))


def topic_tally(catalog: Catalog, answers: Mapping[str, Given], slug: str | None = None) -> Tally:
    """One jurisdiction's answers in a topic (or in every topic), tallied."""
    recs = catalog.in_topic(slug) if slug else list(catalog.recommendations)
    return tally(catalog, (answers.get(r.id) for r in recs))


def rec_adoption(
    catalog: Catalog, rec: Recommendation, counts: Mapping[str, int], base: int
) -> RecAdoption:
    """One recommendation over `base` jurisdictions, `counts` of which gave each status."""
    return RecAdoption(
        rec.id,
        rec.topic,
        catalog.topic(rec.topic).name,
        rec.text,
        counted(catalog, counts, base),
        rec.resources,
    )


def _topic(
    catalog: Catalog, per_rec: Mapping[str, Mapping[str, int]], places: int, slug: str
) -> TopicAdoption:
    recs = catalog.in_topic(slug)
    together: dict[str, int] = {}
    for rec in recs:
        for status, n in per_rec[rec.id].items():
            together[status] = together.get(status, 0) + n
    return TopicAdoption(
        slug,
        catalog.topic(slug).name,
        counted(catalog, together, len(recs) * places),
        tuple(rec_adoption(catalog, r, per_rec[r.id], places) for r in recs),
    )


def _matrix(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...]
) -> tuple[MatrixRow, ...]:
    """Per topic, each place's score (the rule of scoring.py; None where nothing was weighed):
    unanswered recommendations never count as not adopted."""
    cards = scorecards(catalog, evidence, [p.code for p in places])
    return tuple(
        MatrixRow(t.slug, t.name, tuple(c.topics[t.slug].value for c in cards), t.prefix)
        for t in catalog.topics
    )
