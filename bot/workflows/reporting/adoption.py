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

TIER_2, TIER_1 = "tier_2", "tier_1"  # the survey's tiers; adoption ranks by them
NO_ANSWER = "no_answer"
NO_ANSWER_LABEL = "No answer"
SCOPES = {
    "submitted": "submitted assessments only",
    "all": "every answer given, submitted or not",
}
HIGHLIGHTS = 10


@dataclass(frozen=True)
class Share:
    value: str  # a scale value, or NO_ANSWER
    label: str
    count: int
    share: float  # count / base, 0 when the base is 0


@dataclass(frozen=True)
class Tally:
    shares: tuple[Share, ...]  # every scale option in order, then NO_ANSWER
    base: int  # answers that could have been given: jurisdictions times recommendations

    def count(self, value: str) -> int:
        return next((s.count for s in self.shares if s.value == value), 0)

    def share(self, value: str) -> float:
        return next((s.share for s in self.shares if s.value == value), 0.0)

    @property
    def adopted(self) -> float:
        """Share at Tier II or Tier I."""
        return self.share(TIER_2) + self.share(TIER_1)


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
    cells: tuple[float, ...]  # share at Tier II or I of the topic's recommendations, per code


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
    topics = tuple(_topic(catalog, evidence, places, t.slug) for t in catalog.topics)
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
        matrix=tuple(_matrix_row(catalog, evidence, places, t.slug) for t in catalog.topics),
        innovative=innovative_work(catalog, evidence, places),
        resources_needed=resources_needed(catalog, evidence, places),
    )


def most_adopted(recs: Iterable[RecAdoption]) -> list[RecAdoption]:
    """By Tier II share, then Tier I share, highest first; ties keep catalog order."""
    return sorted(recs, key=lambda r: (-r.tally.share(TIER_2), -r.tally.share(TIER_1)))


def least_adopted(recs: Iterable[RecAdoption]) -> list[RecAdoption]:
    return sorted(recs, key=lambda r: (r.tally.share(TIER_2), r.tally.share(TIER_1)))


def rec_adoptions(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...]
) -> list[RecAdoption]:
    """Each recommendation's tally alone (what a short ranking needs)."""
    return [
        _rec(catalog, evidence, places, r) for t in catalog.topics for r in catalog.in_topic(t.slug)
    ]


def tally(catalog: Catalog, given: Iterable[Given | None]) -> Tally:
    """Counts per scale option (and no answer) over answers that could have been given."""
    counts = {o.value: 0 for o in catalog.scale}
    base = 0
    for answer in given:
        base += 1
        if answer is not None and answer.status in counts:
            counts[answer.status] += 1
    return counted(catalog, counts, base)


def counted(catalog: Catalog, counts: Mapping[str, int], base: int) -> Tally:
    """The tally of `base` answers that could have been given, of which `counts` were (per
    status; statuses off the scale count as no answer)."""
    labelled = [(o.value, o.label, counts.get(o.value, 0)) for o in catalog.scale]
    labelled.append((NO_ANSWER, NO_ANSWER_LABEL, base - sum(n for _, _, n in labelled)))
    return Tally(
        tuple(Share(v, label, n, n / base if base else 0.0) for v, label, n in labelled), base
    )


def topic_tally(catalog: Catalog, answers: Mapping[str, Given], slug: str | None = None) -> Tally:
    """One jurisdiction's answers in a topic (or in every topic), tallied."""
    recs = catalog.in_topic(slug) if slug else list(catalog.recommendations)
    return tally(catalog, (answers.get(r.id) for r in recs))


def _rec(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...], rec: Recommendation
) -> RecAdoption:
    given = (evidence.of(p.code).get(rec.id) for p in places)
    return RecAdoption(
        rec.id,
        rec.topic,
        catalog.topic(rec.topic).name,
        rec.text,
        tally(catalog, given),
        rec.resources,
    )


def _topic(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...], slug: str
) -> TopicAdoption:
    recs = catalog.in_topic(slug)
    given = (evidence.of(p.code).get(r.id) for r in recs for p in places)
    return TopicAdoption(
        slug,
        catalog.topic(slug).name,
        tally(catalog, given),
        tuple(_rec(catalog, evidence, places, r) for r in recs),
    )


def _matrix_row(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...], slug: str
) -> MatrixRow:
    return MatrixRow(
        slug,
        catalog.topic(slug).name,
        tuple(topic_tally(catalog, evidence.of(p.code), slug).adopted for p in places),
    )
