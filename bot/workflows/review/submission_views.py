"""Read models of a submission: a jurisdiction's answers counted per status and per topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.cycles import require_open_cycle
from bot.workflows.walk.progress import TopicProgress, all_progress, answers_by_rec, status_counts
from store.models import Cycle, Submission


@dataclass(frozen=True)
class SubmissionView:
    id: int
    jurisdiction: str
    submitted_by: str
    submitted_at: datetime


@dataclass(frozen=True)
class Summary:
    """A jurisdiction's answers in the open cycle, counted per status and per topic."""

    jurisdiction: str
    cycle_name: str
    deadline: date
    topics: tuple[TopicProgress, ...]
    statuses: tuple[tuple[str, int], ...]  # (label, count) per scale option, then still open
    per_topic: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (topic name, statuses)
    submitted: SubmissionView | None
    unreviewed: int = 0  # answers by others the POC has not reviewed as they are now

    @property
    def answered(self) -> int:
        return sum(t.answered for t in self.topics)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.topics)

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def count_answers(
    session: Session,
    catalog: Catalog,
    cycle: Cycle,
    jurisdiction: str,
    submitted: SubmissionView | None,
) -> Summary:
    """Progress per topic and counts per status; skipped recommendations count as open."""
    found = answers_by_rec(session, cycle.id, jurisdiction)
    return Summary(
        jurisdiction=jurisdiction,
        cycle_name=cycle.name,
        deadline=cycle.deadline,
        topics=tuple(all_progress(session, catalog, cycle.id, jurisdiction)),
        statuses=tuple(status_counts(catalog, found, None)),
        per_topic=tuple(
            (t.name, tuple(status_counts(catalog, found, t.slug))) for t in catalog.topics
        ),
        submitted=submitted,
    )


def still_open(found: Summary) -> str:
    """Why the assessment cannot be submitted yet: how many are open, per topic."""
    open_topics = [f"{t.name} {t.total - t.answered}" for t in found.topics if not t.complete]
    left = found.total - found.answered
    return (
        f"Not yet: {left} of {found.total} recommendations are still open "
        f"({', '.join(open_topics)}). Skipped ones count as open. `/assess status` shows where; "
        "submit once every recommendation has an answer."
    )


def view_of(row: Submission) -> SubmissionView:
    return SubmissionView(row.id, row.jurisdiction_code, row.submitted_by, row.submitted_at)


def export_overview(session: Session, *, user: str) -> list[SubmissionView]:
    """For `/assess export` (Committee only): the open cycle's active submissions."""
    policy.check(policy.load_actor(session, user), policy.Action.EXPORT)
    cycle = require_open_cycle(session)
    rows = session.scalars(
        select(Submission)
        .where(Submission.cycle_id == cycle.id, Submission.reopened_at.is_(None))
        .order_by(Submission.jurisdiction_code)
    )
    return [view_of(row) for row in rows]
