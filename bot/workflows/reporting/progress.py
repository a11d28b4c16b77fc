"""Progress between two cycles: per topic area the Tier II and Tier I counts then and now, and
the recommendations whose answer moved up or down the scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.errors import NotFound
from bot.workflows.reporting.scoring import WEIGHTS, score
from store.models import Answer, Cycle

NONE = "none"  # `--compare none`: no comparison


@dataclass(frozen=True)
class Change:
    """Counts in one topic area (or all of them) in the earlier cycle and in this one."""

    name: str
    tier_2_then: int
    tier_2_now: int
    tier_1_then: int
    tier_1_now: int
    score_then: float | None
    score_now: float | None

    @property
    def tier_2_change(self) -> str:
        return signed(self.tier_2_now - self.tier_2_then)

    @property
    def tier_1_change(self) -> str:
        return signed(self.tier_1_now - self.tier_1_then)


@dataclass(frozen=True)
class Moved:
    """A recommendation answered in both cycles whose weighed answer went up or down."""

    id: str
    text: str
    topic: str
    before: str  # scale labels
    after: str


@dataclass(frozen=True)
class Comparison:
    previous: str  # the earlier cycle's name
    overall: Change
    topics: tuple[Change, ...]
    up: tuple[Moved, ...]
    down: tuple[Moved, ...]


def signed(n: int) -> str:
    """'+3', '-2', or '0'."""
    return f"{n:+d}" if n else "0"


def earlier_cycle(session: Session, current: Cycle, compare: str | None) -> Cycle | None:
    """The cycle to compare with: the one named, none (`"none"`), or by default the one opened
    just before `current` (None when there is none)."""
    return pick_earlier(all_cycles(session), current, compare)


def all_cycles(session: Session) -> list[Cycle]:
    """Every cycle, oldest first."""
    return list(session.scalars(select(Cycle).order_by(Cycle.created_at, Cycle.id)))


def pick_earlier(cycles: list[Cycle], current: Cycle, compare: str | None) -> Cycle | None:
    """`earlier_cycle` from the cycles already read (oldest first)."""
    if compare is not None and compare.strip().lower() == NONE:
        return None
    if compare is not None:
        name = " ".join(compare.split())
        found = next((c for c in cycles if c.name == name), None)
        if found is None:
            raise NotFound(f"No cycle named {compare!r} to compare with.")
        return None if found.id == current.id else found
    before = [c for c in cycles[: cycles.index(current)] if c.id != current.id]
    return before[-1] if before else None


def statuses(session: Session, cycle_id: int, code: str) -> dict[str, str | None]:
    """One jurisdiction's status per recommendation id in a cycle."""
    rows = session.execute(
        select(Answer.recommendation_id, Answer.status).where(
            Answer.cycle_id == cycle_id, Answer.jurisdiction_code == code
        )
    )
    return {str(rec): status for rec, status in rows}


def compare(
    catalog: Catalog,
    previous: str,
    then: Mapping[str, str | None],
    now: Mapping[str, str | None],
) -> Comparison:
    """Then and now per topic area, and what moved, for one jurisdiction."""
    topics = tuple(
        _change(catalog.topic(t.slug).name, [r.id for r in catalog.in_topic(t.slug)], then, now)
        for t in catalog.topics
    )
    overall = _change("All topic areas", [r.id for r in catalog.recommendations], then, now)
    up: list[Moved] = []
    down: list[Moved] = []
    for rec in catalog.recommendations:
        before, after = then.get(rec.id), now.get(rec.id)
        if before is None or after is None or before == after:
            continue
        if before not in WEIGHTS or after not in WEIGHTS:
            continue
        moved = Moved(
            rec.id,
            rec.text,
            catalog.topic(rec.topic).name,
            catalog.scale_label(before) or before,
            catalog.scale_label(after) or after,
        )
        (up if WEIGHTS[after] > WEIGHTS[before] else down).append(moved)
    return Comparison(previous, overall, topics, tuple(up), tuple(down))


def _change(
    name: str, ids: list[str], then: Mapping[str, str | None], now: Mapping[str, str | None]
) -> Change:
    before = score(then.get(i) for i in ids)
    after = score(now.get(i) for i in ids)
    return Change(
        name, before.tier_2, after.tier_2, before.tier_1, after.tier_1, before.value, after.value
    )
