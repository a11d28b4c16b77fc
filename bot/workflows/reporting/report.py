"""The per-state report: one jurisdiction's assessment in one cycle, as frozen data
(`python -m bot report state XX`; bot/reports renders it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog, Resource
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.people.names import unnamed
from bot.workflows.reporting.export import AnswerRow, answer_rows, export_cycle
from bot.workflows.reporting.featured import featured_ids
from bot.workflows.reporting.markdown import markdown_text
from bot.workflows.reporting.progress import Comparison, compare, earlier_cycle, statuses
from bot.workflows.reporting.report_card import Method, Standing, StateCard, standing, state_card
from bot.workflows.reporting.report_people import (
    SubmissionState,
    answerers,
    people,
    submission_state,
)
from bot.workflows.walk.progress import answers_by_rec, status_counts
from store.enums import CycleStatus
from store.models import Cycle, Jurisdiction

__all__ = ["StateReport", "markdown_text", "state_report"]
FORMATS = ("md", "html")
FILE_FORMATS = ("html", "md", "pdf")
TIER_2 = "tier_2"
NOT_ANSWERED = "Not answered yet"

Counts = tuple[tuple[str, int], ...]  # (status label, count) per scale option, then still open


@dataclass(frozen=True)
class RecommendationLine:
    id: str
    text: str
    status: str  # the scale label, or NOT_ANSWERED
    answered: bool
    notes: str
    resources_needed: str
    answered_by: str
    agency: str
    answered_at: datetime | None
    value: str | None = None  # the scale value, for telling Tier II work apart
    resources: tuple[Resource, ...] = ()  # the catalog's related resources and examples
    featured: bool = False  # the Committee chose to feature this practice


@dataclass(frozen=True)
class TopicSection:
    name: str
    answered: int
    total: int
    counts: Counts
    recommendations: tuple[RecommendationLine, ...]


@dataclass(frozen=True)
class StateReport:
    code: str
    jurisdiction: str
    cycle_name: str
    deadline: date
    submission: SubmissionState
    answered: int
    total: int
    counts: Counts
    topics: tuple[TopicSection, ...]
    retired: tuple[RecommendationLine, ...]  # answers whose recommendation left the catalog
    generated_at: datetime
    card: StateCard
    method: Method
    comparison: Comparison | None = None
    closed: bool = False  # a closed cycle: people are those who took part then
    poc: str = ""
    agencies: tuple[str, ...] = ()
    answerers: tuple[str, ...] = ()  # who answered in this cycle, by name

    @property
    def started(self) -> bool:
        """Whether anything was answered or submitted at all."""
        return self.answered > 0 or self.submission.state != "not_submitted"

    @property
    def featured(self) -> tuple[tuple[str, RecommendationLine], ...]:
        """(topic name, line) for every practice the Committee chose to feature."""
        return tuple(
            (t.name, line) for t in self.topics for line in t.recommendations if line.featured
        )

    @property
    def innovative(self) -> tuple[tuple[str, RecommendationLine], ...]:
        """(topic name, line) for every Tier II answer with notes: the state's innovative work."""
        return tuple(
            (t.name, line)
            for t in self.topics
            for line in t.recommendations
            if line.value == TIER_2 and line.notes.strip()
        )

    @property
    def needs(self) -> tuple[tuple[str, RecommendationLine], ...]:
        """(topic name, line) for every answer that names resources that would help."""
        return tuple(
            (t.name, line)
            for t in self.topics
            for line in t.recommendations
            if line.resources_needed.strip()
        )


def state_report(
    session: Session,
    catalog: Catalog,
    *,
    jurisdiction: str,
    cycle: str | None,
    now: datetime,
    compare_with: str | None = None,
    context: Standing | None = None,
) -> StateReport:
    """One jurisdiction (USPS code or name) in the named cycle (default: open, else latest),
    compared with `compare_with` (default: the cycle before; "none": no comparison). `context`
    is the cycle's national standing when the caller already has it."""
    code = resolve_jurisdiction(session, jurisdiction)
    found = export_cycle(session, cycle)
    context = context or standing(session, catalog, cycle=found.name)
    answers = answers_by_rec(session, found.id, code)
    featured = featured_ids(session, found.id, code)
    rows = answer_rows(session, catalog, found, jurisdiction=code)
    by_topic: dict[str, list[RecommendationLine]] = defaultdict(list)
    for row in rows:
        by_topic[row.topic].append(_line(catalog, row, row.recommendation_id in featured))
    now_statuses = {a: row.status for a, row in answers.items()}
    topics = tuple(
        _section(t.name, tuple(by_topic[t.name]), tuple(status_counts(catalog, answers, t.slug)))
        for t in catalog.topics
    )
    return StateReport(
        code=code,
        jurisdiction=session.get_one(Jurisdiction, code).name,
        cycle_name=found.name,
        deadline=found.deadline,
        submission=submission_state(session, found.id, code),
        answered=sum(t.answered for t in topics),
        total=sum(t.total for t in topics),
        counts=tuple(status_counts(catalog, answers, None)),
        topics=topics,
        retired=tuple(by_topic[""]),
        generated_at=now.astimezone(UTC),
        card=state_card(catalog, now_statuses, context.benchmarks),
        method=context.method,
        comparison=_comparison(session, catalog, found, code, compare_with, now_statuses),
        closed=found.status != CycleStatus.OPEN,
        answerers=answerers(rows),
        **people(session, code, found, rows),
    )


def _comparison(
    session: Session,
    catalog: Catalog,
    current: Cycle,
    code: str,
    compare_with: str | None,
    now_statuses: dict[str, str | None],
) -> Comparison | None:
    earlier = earlier_cycle(session, current, compare_with)
    if earlier is None:
        return None
    return compare(catalog, earlier.name, statuses(session, earlier.id, code), now_statuses)


def _line(catalog: Catalog, row: AnswerRow, featured: bool = False) -> RecommendationLine:
    answered = row.status is not None
    return RecommendationLine(
        id=row.recommendation_id,
        text=row.recommendation,
        status=(catalog.scale_label(row.status) or row.status or "") if answered else NOT_ANSWERED,
        answered=answered,
        notes=row.notes,
        resources_needed=row.resources_needed,
        # A report is read by people: names, not ids (an id only while no name is known; the
        # report prints the agency beside it, so the row's "id (agency)" is not taken whole).
        answered_by=row.answered_by
        if row.answered_by_name == unnamed(row.answered_by, row.agency)
        else row.answered_by_name,
        agency=row.agency,
        answered_at=row.answered_at.astimezone(UTC) if row.answered_at else None,
        value=row.status,
        resources=rec.resources if (rec := catalog.by_id.get(row.recommendation_id)) else (),
        featured=featured,
    )


def _section(name: str, lines: tuple[RecommendationLine, ...], counts: Counts) -> TopicSection:
    answered = sum(1 for line in lines if line.answered)
    return TopicSection(name, answered, len(lines), counts, lines)
