"""What the Committee's status post says: every jurisdiction's progress, what changed since the
previous post, who is overdue, and each topic area's answers. A fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.answer_counts import answered_per_place, statuses_per_rec
from bot.workflows.reporting.evidence import standings
from bot.workflows.reporting.export import export_cycle
from bot.workflows.reporting.home_model import CycleInfo
from bot.workflows.reporting.tally import Tally, counted
from store.models import Jurisdiction, OutboxMessage

KIND = "status_post"


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    answered: int
    total: int
    submitted_at: datetime | None
    share: float  # answered / total, a field so the notice's plain context keeps it
    reopened: bool = False  # the Committee reopened its submission

    @property
    def standing(self) -> str:
        if self.submitted_at is not None:
            return "submitted"
        if self.reopened:
            return "reopened"
        return "in_progress" if self.answered else "not_started"


@dataclass(frozen=True)
class Diff:
    first: bool  # no earlier post in this cycle to compare with
    submitted: tuple[str, ...] = ()  # codes that submitted since
    reopened: tuple[str, ...] = ()  # codes submitted then, not any more
    answers: int = 0  # answers given since (negative if some were cleared)
    started: tuple[str, ...] = ()  # codes with no answer then, some now


@dataclass(frozen=True)
class StatusSummary:
    cycle_id: int
    cycle: CycleInfo
    total: int  # recommendations in the catalog
    places: tuple[Line, ...]
    diff: Diff
    topics: tuple[tuple[str, Tally], ...]  # (topic name, answers of every jurisdiction)

    def count(self, standing: str) -> int:
        return sum(1 for p in self.places if p.standing == standing)

    @property
    def answers(self) -> int:
        return sum(p.answered for p in self.places)

    @property
    def overdue(self) -> tuple[Line, ...]:
        """Past the deadline and not submitted."""
        late = self.cycle.days_left < 0
        return tuple(p for p in self.places if late and p.submitted_at is None)

    def snapshot(self) -> dict[str, Any]:
        """What the next post compares itself with."""
        submitted = [p.code for p in self.places if p.submitted_at is not None]
        started = [p.code for p in self.places if p.answered]
        return {
            "cycle": self.cycle_id,
            "submitted": submitted,
            "answers": self.answers,
            "started": started,
        }

    def as_context(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "total": self.total,
            "places": self.places,
            "diff": self.diff,
            "submitted": self.count("submitted"),
            "in_progress": self.count("in_progress"),
            "not_started": self.count("not_started"),
            "reopened": self.count("reopened"),
            "ready": sum(1 for p in self.places if p.standing != "submitted" and p.share >= 1),
            "answers": self.answers,
            # Grouped for a post people read in a channel: the busiest first, hand-ins by
            # date, and the ones not started only as codes.
            "progressing": sorted(
                (p for p in self.places if p.standing in ("in_progress", "reopened")),
                key=lambda p: (-p.share, p.name),
            ),
            "handed_in": sorted(
                (p for p in self.places if p.submitted_at is not None),
                key=lambda p: (p.submitted_at, p.name),
            ),
            "idle": sorted(p.code for p in self.places if p.standing == "not_started"),
        }


def summarize(
    session: Session, catalog: Catalog, *, channel: str, key: str, today: date
) -> StatusSummary:
    """The open (else latest) cycle's progress, compared with the channel's previous post.

    Counted by the database: the post needs numbers per jurisdiction and per recommendation,
    not the answers themselves."""
    cycle = export_cycle(session)
    submitted, again = standings(session, cycle.id)
    answered = answered_per_place(session, catalog, cycle.id)
    total = len(catalog.recommendations)
    places = tuple(
        Line(
            code,
            name,
            answered.get(code, 0),
            total,
            submitted[code][0] if code in submitted else None,
            answered.get(code, 0) / total if total else 0.0,
            code in again,
        )
        for code, name in session.execute(
            select(Jurisdiction.code, Jurisdiction.name).order_by(Jurisdiction.name)
        )
    )
    per_rec = statuses_per_rec(session, cycle.id)
    topics = tuple(
        (t.name, _topic_tally(catalog, per_rec, catalog.in_topic(t.slug), len(places)))
        for t in catalog.topics
    )
    info = CycleInfo(cycle.name, cycle.deadline, (cycle.deadline - today).days)
    found = StatusSummary(cycle.id, info, total, places, Diff(True), topics)
    return _with_diff(found, _previous(session, channel, key))


def _topic_tally(
    catalog: Catalog,
    per_rec: Mapping[str, Mapping[str, int]],
    recs: list[Recommendation],
    places: int,
) -> Tally:
    counts: dict[str, int] = {}
    for rec in recs:
        for status, n in per_rec.get(rec.id, {}).items():
            counts[status] = counts.get(status, 0) + n
    return counted(catalog, counts, len(recs) * places)


def _previous(session: Session, channel: str, key: str) -> dict[str, Any] | None:
    payload = session.scalar(
        select(OutboxMessage.payload)
        .where(
            OutboxMessage.kind == KIND,
            OutboxMessage.recipient == channel,
            OutboxMessage.idempotency_key != key,
        )
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    snapshot = (payload or {}).get("snapshot")
    return snapshot if isinstance(snapshot, dict) else None


def _with_diff(found: StatusSummary, before: dict[str, Any] | None) -> StatusSummary:
    if before is None or before.get("cycle") != found.cycle_id:
        return found
    was = set(before.get("submitted") or ())
    now = {p.code for p in found.places if p.submitted_at is not None}
    # A snapshot from before "started" was kept says nothing about it: no false news.
    had = set(before.get("started") or ()) if "started" in before else None
    begun = {p.code for p in found.places if p.answered and p.submitted_at is None}
    diff = Diff(
        False,
        tuple(sorted(now - was)),
        tuple(sorted(was - now)),
        found.answers - int(before.get("answers") or 0),
        tuple(sorted(begun - had)) if had is not None else (),
    )
    return StatusSummary(found.cycle_id, found.cycle, found.total, found.places, diff, found.topics)
