"""Read models of progress: plain frozen data for templates, never ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.walk.answers import Answered
from store.models import Answer


@dataclass(frozen=True)
class AnswerView:
    status: str | None
    label: str
    by: str
    agency: str
    at: datetime
    notes: str
    resources: str
    version: int


@dataclass(frozen=True)
class TopicProgress:
    slug: str
    name: str
    answered: int
    total: int
    allowed: bool = True

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def answers_by_rec(session: Session, cycle_id: int, jurisdiction: str) -> dict[str, Answer]:
    rows = session.scalars(
        select(Answer).where(Answer.cycle_id == cycle_id, Answer.jurisdiction_code == jurisdiction)
    )
    return {a.recommendation_id: a for a in rows}


def answer_view(catalog: Catalog, answer: Answered | None) -> AnswerView | None:
    if answer is None:
        return None
    return AnswerView(
        status=answer.status,
        label=catalog.scale_label(answer.status),
        by=answer.answered_by,
        agency=answer.agency,
        at=answer.answered_at,
        notes=answer.notes,
        resources=answer.resources_needed,
        version=answer.version,
    )


def is_answered(answers: Mapping[str, Answered], rec: Recommendation) -> bool:
    found = answers.get(rec.id)
    return found is not None and found.status is not None


def topic_progress(catalog: Catalog, answers: Mapping[str, Answered], slug: str) -> TopicProgress:
    recs = catalog.in_topic(slug)
    done = sum(1 for rec in recs if is_answered(answers, rec))
    return TopicProgress(slug, catalog.topic(slug).name, done, len(recs))


def all_progress(
    session: Session, catalog: Catalog, cycle_id: int, jurisdiction: str
) -> list[TopicProgress]:
    answers = answers_by_rec(session, cycle_id, jurisdiction)
    return [topic_progress(catalog, answers, t.slug) for t in catalog.topics]


def status_counts(
    catalog: Catalog, answers: Mapping[str, Answered], slug: str | None
) -> list[tuple[str, int]]:
    """(label, count) for every scale option, plus unanswered, within one topic or all."""
    recs = catalog.in_topic(slug) if slug else list(catalog.recommendations)
    counts = {o.value: 0 for o in catalog.scale}
    open_items = 0
    for rec in recs:
        if is_answered(answers, rec):
            counts[answers[rec.id].status or ""] = counts.get(answers[rec.id].status or "", 0) + 1
        else:
            open_items += 1
    return [(o.label, counts[o.value]) for o in catalog.scale] + [("Not answered yet", open_items)]
