"""What a walk shows: plain data for the question, parent and summary messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation, Resource, Topic
from bot.workflows.walk.progress import (
    AnswerView,
    TopicProgress,
    answer_view,
    answers_by_rec,
    status_counts,
    topic_progress,
)
from store.models import Answer, Cycle, Walk


@dataclass(frozen=True)
class Question:
    """Everything a question message shows."""

    walk_id: int
    rec_id: str
    topic_name: str
    position: int
    total: int
    text: str
    options: tuple[tuple[str, str], ...]
    answer: AnswerView | None
    asking: bool = True  # False: show the recorded answer with a Change button
    skipped: bool = False
    was_label: str = ""  # set when this person just changed someone else's answer
    was_by: str = ""
    resources: tuple[Resource, ...] = ()  # the catalog's related resources and examples


@dataclass(frozen=True)
class Place:
    """A walk's identity, progress and deadline, for the parent message."""

    walk_id: int | None
    user: str
    cycle_id: int
    jurisdiction: str
    cycle_name: str
    deadline: date
    topic: Topic
    progress: TopicProgress
    channel_id: str = ""
    thread_ts: str = ""


@dataclass(frozen=True)
class Step:
    """After a click: the clicked message redrawn, then the next question or the summary."""

    place: Place
    shown: Question
    next_question: Question | None
    counts: tuple[tuple[str, int], ...] | None  # set when the topic is complete
    just_completed: bool = False


def counts(session: Session, catalog: Catalog, place: Place) -> tuple[tuple[str, int], ...]:
    """Answers per scale option (and still open) in the walk's topic."""
    found = answers_by_rec(session, place.cycle_id, place.jurisdiction)
    return tuple(status_counts(catalog, found, place.topic.slug))


def build_question(
    catalog: Catalog,
    walk: Walk,
    rec: Recommendation,
    found: Answer | None,
    *,
    asking: bool = True,
    skipped: bool = False,
    was_label: str = "",
    was_by: str = "",
) -> Question:
    recs = catalog.in_topic(walk.topic)
    return Question(
        walk_id=walk.id,
        rec_id=rec.id,
        topic_name=catalog.topic(walk.topic).name,
        position=recs.index(rec) + 1,
        total=len(recs),
        text=rec.text,
        options=tuple((o.value, o.label) for o in catalog.options_for(rec)),
        answer=answer_view(catalog, found),
        asking=asking,
        skipped=skipped,
        was_label=was_label,
        was_by=was_by,
        resources=rec.resources,
    )


def build_place(
    session: Session,
    catalog: Catalog,
    cycle: Cycle,
    jurisdiction: str,
    topic: Topic,
    user: str,
    walk: Walk | None,
) -> Place:
    found = answers_by_rec(session, cycle.id, jurisdiction)
    return Place(
        walk_id=walk.id if walk else None,
        user=user,
        cycle_id=cycle.id,
        jurisdiction=jurisdiction,
        cycle_name=cycle.name,
        deadline=cycle.deadline,
        topic=topic,
        progress=topic_progress(catalog, found, topic.slug),
        channel_id=walk.channel_id if walk else "",
        thread_ts=walk.thread_ts if walk else "",
    )
