"""The per-state report: one jurisdiction's assessment in one cycle, as frozen data
(`python -m bot report state XX`; bot/reports renders it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Resource
from bot.workflows.jurisdictions import resolve_jurisdiction
from bot.workflows.people.names import display_names
from bot.workflows.reporting.export import AnswerRow, answer_rows, export_cycle
from bot.workflows.reporting.markdown import markdown_text
from bot.workflows.walk.progress import answers_by_rec, status_counts
from store.models import Jurisdiction, Participant, Submission

__all__ = ["StateReport", "markdown_text", "state_report"]
FORMATS = ("md", "html")
FILE_FORMATS = ("html", "md", "pdf")
TIER_2 = "tier_2"
NOT_ANSWERED = "Not answered yet"

Counts = tuple[tuple[str, int], ...]  # (status label, count) per scale option, then still open


@dataclass(frozen=True)
class SubmissionState:
    state: str  # submitted | reopened | not_submitted
    submitted_at: datetime | None = None
    submitted_by: str = ""
    reopened_at: datetime | None = None
    reopened_by: str = ""
    reason: str = ""


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
    poc: str = ""
    agencies: tuple[str, ...] = ()

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
    session: Session, catalog: Catalog, *, jurisdiction: str, cycle: str | None, now: datetime
) -> StateReport:
    """One jurisdiction (USPS code or name) in the named cycle (default: open, else latest)."""
    code = resolve_jurisdiction(session, jurisdiction)
    found = export_cycle(session, cycle)
    answers = answers_by_rec(session, found.id, code)
    by_topic: dict[str, list[RecommendationLine]] = defaultdict(list)
    for row in answer_rows(session, catalog, found, jurisdiction=code):
        by_topic[row.topic].append(_line(catalog, row))
    topics = tuple(
        _section(t.name, tuple(by_topic[t.name]), tuple(status_counts(catalog, answers, t.slug)))
        for t in catalog.topics
    )
    return StateReport(
        code=code,
        jurisdiction=session.get_one(Jurisdiction, code).name,
        cycle_name=found.name,
        deadline=found.deadline,
        submission=_submission(session, found.id, code),
        answered=sum(t.answered for t in topics),
        total=sum(t.total for t in topics),
        counts=tuple(status_counts(catalog, answers, None)),
        topics=topics,
        retired=tuple(by_topic[""]),
        generated_at=now.astimezone(UTC),
        **_people(session, code),
    )


def _people(session: Session, code: str) -> dict[str, Any]:
    """The POC and the agencies taking part (active participants)."""
    rows = list(
        session.scalars(
            select(Participant).where(
                Participant.jurisdiction_code == code, Participant.active.is_(True)
            )
        )
    )
    poc = next((p.slack_user_id for p in rows if p.role == "poc"), "")
    agencies = sorted({p.agency for p in rows if p.agency}, key=str.casefold)
    return {"poc": poc, "agencies": tuple(agencies)}


def _line(catalog: Catalog, row: AnswerRow) -> RecommendationLine:
    answered = row.status is not None
    return RecommendationLine(
        id=row.recommendation_id,
        text=row.recommendation,
        status=(catalog.scale_label(row.status) or row.status or "") if answered else NOT_ANSWERED,
        answered=answered,
        notes=row.notes,
        resources_needed=row.resources_needed,
        answered_by=row.answered_by_name,  # a report is read by people: names, not ids
        agency=row.agency,
        answered_at=row.answered_at.astimezone(UTC) if row.answered_at else None,
        value=row.status,
        resources=rec.resources if (rec := catalog.by_id.get(row.recommendation_id)) else (),
    )


def _section(name: str, lines: tuple[RecommendationLine, ...], counts: Counts) -> TopicSection:
    answered = sum(1 for line in lines if line.answered)
    return TopicSection(name, answered, len(lines), counts, lines)


def _submission(session: Session, cycle_id: int, code: str) -> SubmissionState:
    """The latest hand-in decides: still standing, reopened by the Committee, or none at all."""
    latest = session.scalar(
        select(Submission)
        .where(Submission.cycle_id == cycle_id, Submission.jurisdiction_code == code)
        .order_by(Submission.id.desc())
    )
    if latest is None:
        return SubmissionState("not_submitted")
    names = display_names(session, [latest.submitted_by, latest.reopened_by or ""])
    return SubmissionState(
        "submitted" if latest.reopened_at is None else "reopened",
        submitted_at=latest.submitted_at.astimezone(UTC),
        submitted_by=names[latest.submitted_by],
        reopened_at=latest.reopened_at.astimezone(UTC) if latest.reopened_at else None,
        reopened_by=names[latest.reopened_by or ""],
        reason=latest.reopen_reason,
    )
