"""What states wrote: notes on Tier II answers (their innovative and successful work) and the
resources they say they need, grouped by topic area and recommendation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.workflows.reporting.evidence import Evidence, Given, Place, Who

TIER_2 = "tier_2"


@dataclass(frozen=True)
class Note:
    code: str
    jurisdiction: str
    agency: str
    who: Who
    text: str


@dataclass(frozen=True)
class RecNotes:
    id: str
    text: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class TopicNotes:
    slug: str
    name: str
    recommendations: tuple[RecNotes, ...]

    @property
    def count(self) -> int:
        return sum(len(r.notes) for r in self.recommendations)


def innovative_work(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...]
) -> tuple[TopicNotes, ...]:
    """Notes written on Tier II answers."""
    return _grouped(catalog, evidence, places, lambda a: a.notes if a.status == TIER_2 else "")


def resources_needed(
    catalog: Catalog, evidence: Evidence, places: tuple[Place, ...]
) -> tuple[TopicNotes, ...]:
    """Every `resources needed` text, whatever the answer."""
    return _grouped(catalog, evidence, places, lambda a: a.resources_needed)


def promising_practices(catalog: Catalog, evidence: Evidence) -> tuple[TopicNotes, ...]:
    """The notes the Committee chose to feature, whoever submitted."""
    return _grouped(catalog, evidence, evidence.places, lambda a: a.notes if a.featured else "")


def _grouped(
    catalog: Catalog,
    evidence: Evidence,
    places: tuple[Place, ...],
    text_of: Callable[[Given], str],
) -> tuple[TopicNotes, ...]:
    """Topics and recommendations in catalog order, only those with something written."""
    # One pass over the answers, place by place, so that each recommendation's notes keep
    # the places' order.
    written: dict[str, list[Note]] = {}
    for p in places:
        for rec_id, a in evidence.of(p.code).items():
            text = text_of(a).strip()
            if text:
                written.setdefault(rec_id, []).append(Note(p.code, p.name, a.agency, a.who, text))
    topics = []
    for topic in catalog.topics:
        recs = tuple(
            RecNotes(rec.id, rec.text, tuple(written[rec.id]))
            for rec in catalog.in_topic(topic.slug)
            if rec.id in written
        )
        if recs:
            topics.append(TopicNotes(topic.slug, topic.name, recs))
    return tuple(topics)
