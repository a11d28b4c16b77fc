"""One topic area's slice of the status post, for the channel that follows that topic: each
jurisdiction's answers to its recommendations and how they divide between the tiers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog import Catalog
from bot.workflows.reporting.evidence import Evidence
from bot.workflows.reporting.tally import TIER_1, TIER_2, Tally, tally


@dataclass(frozen=True)
class TopicLine:
    code: str
    name: str
    answered: int
    total: int
    tier_2: int
    tier_1: int


@dataclass(frozen=True)
class TopicSlice:
    slug: str
    name: str
    tally: Tally  # every jurisdiction with answers, over this topic's recommendations
    lines: tuple[TopicLine, ...]
    tier_2_share: float = 0.0
    tier_1_share: float = 0.0


def topic_slice(catalog: Catalog, evidence: Evidence, slug: str) -> TopicSlice:
    recs = catalog.in_topic(slug)
    lines = []
    for p in evidence.places:
        mine = evidence.of(p.code)
        given = [a for r in recs if (a := mine.get(r.id)) is not None and a.status]
        lines.append(
            TopicLine(
                p.code,
                p.name,
                len(given),
                len(recs),
                sum(1 for a in given if a.status == TIER_2),
                sum(1 for a in given if a.status == TIER_1),
            )
        )
    answering = [p for p in evidence.places if evidence.of(p.code)]
    every = (evidence.of(p.code).get(r.id) for r in recs for p in answering)
    found = tally(catalog, every)
    return TopicSlice(
        slug,
        catalog.topic(slug).name,
        found,
        tuple(lines),
        found.share(TIER_2),
        found.share(TIER_1),
    )
