"""Counting answers: how many jurisdictions chose each scale option, and how many gave none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.catalog import Catalog
from bot.workflows.reporting.evidence import Given

TIER_2, TIER_1 = "tier_2", "tier_1"  # the survey's tiers; adoption ranks by them
NO_ANSWER = "no_answer"
NO_ANSWER_LABEL = "No answer"


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
