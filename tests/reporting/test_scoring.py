"""The scoring rule on a hand-computed fixture, and the national median and quartiles."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog
from bot.workflows.reporting.scoring import benchmarks, percent, score, scorecard, spread


def test_a_hand_computed_score() -> None:
    # 2 Tier II (2 points) + 1 Tier I (0.5) + 1 not yet (0) = 2.5 points over 4 weighed answers;
    # not applicable, not sure and the unanswered one are out of the denominator.
    found = score(
        ["tier_2", "tier_2", "tier_1", "not_yet", "not_applicable", "unsure", None],
    )
    assert (found.points, found.scored) == (2.5, 4)
    assert (found.not_applicable, found.unsure, found.unanswered, found.total) == (1, 1, 1, 7)
    assert (found.tier_2, found.tier_1, found.not_yet) == (2, 1, 0 + 1)
    assert found.value == pytest.approx(0.625)
    assert percent(found.value) == "62%"  # round half to even: 62.5 -> 62


def test_not_applicable_never_counts_against_adoption() -> None:
    assert score(["tier_2", "not_applicable", "not_applicable"]).value == 1.0


def test_unanswered_is_never_counted_as_not_adopted() -> None:
    # New York answered 3 of 12 in a topic, all Tier II or I: its score speaks of those 3.
    found = score(["tier_2", "tier_2", "tier_1", *([None] * 9)])
    assert found.value == pytest.approx(2.5 / 3)
    assert found.unanswered == 9


def test_nothing_weighed_means_no_score_not_zero() -> None:
    assert score([None, "unsure", "not_applicable"]).value is None
    assert percent(None) == "—"


def test_median_and_quartiles_inclusive() -> None:
    found = spread([0.0, 0.25, None, 0.5, 1.0, 0.75])
    assert found is not None
    assert (found.count, found.q1, found.median, found.q3) == (5, 0.25, 0.5, 0.75)
    single = spread([0.4])
    assert single is not None and (single.q1, single.median, single.q3) == (0.4, 0.4, 0.4)
    assert spread([None]) is None


def test_scorecards_and_benchmarks_per_topic(catalog: Catalog) -> None:
    first = catalog.topics[0]
    recs = catalog.in_topic(first.slug)
    texas = scorecard(
        catalog, "TX", {recs[0].id: "tier_2", recs[1].id: "tier_1", "OLD-1": "tier_2"}
    )
    ohio = scorecard(catalog, "OH", {recs[0].id: "not_yet"})
    assert texas.topics[first.slug].value == 0.75
    assert texas.overall.value == 0.75  # the retired recommendation is ignored
    assert texas.topics[catalog.topics[1].slug].value is None
    national = benchmarks(catalog, [texas, ohio])
    assert national.codes == ("TX", "OH")
    assert national.overall is not None and national.overall.median == 0.375
    assert national.topics[catalog.topics[1].slug] is None
