"""What a walk shows: plain data for the question, parent and summary messages, and what one
interaction asks the Slack side to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from bot.catalog import Catalog, Recommendation, Resource, Topic
from bot.workflows.walk.answers import Answered
from bot.workflows.walk.progress import AnswerView, TopicProgress, answer_view


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
    superseded: bool = False  # asked again further down the thread: this copy is history
    was_label: str = ""  # set when this person just changed someone else's answer
    was_by: str = ""
    resources: tuple[Resource, ...] = ()  # the catalog's related resources and examples


@dataclass(frozen=True)
class Place:
    """A walk's identity, progress and deadline, for the parent message."""

    walk_id: int
    user: str
    cycle_id: int
    jurisdiction: str
    cycle_name: str
    deadline: date
    topic: Topic
    progress: TopicProgress
    channel_id: str = ""
    thread_ts: str = ""  # "" until the thread is posted
    # The thread may hold a live question the walk never recorded (its timestamp is written by
    # the click on it): read the thread back and retire every live copy the Step does not redraw.
    sweep: bool = False


@dataclass(frozen=True)
class Shown:
    """An existing thread message (from the walk's record) and what it shows now."""

    ts: str
    question: Question


class Said(StrEnum):
    """What the person is told privately besides the thread."""

    NOTHING = ""
    CONTINUES = "continues"  # the open question is already in the thread
    FINISHED = "finished"  # every recommendation of the topic is answered


@dataclass(frozen=True)
class Step:
    """What one interaction changed, for the Slack side: redraw these messages, post the new
    question (one live question per walk), post or update the summary, refresh the parent."""

    place: Place
    redraw: tuple[Shown, ...] = ()
    ask: Question | None = None
    counts: tuple[tuple[str, int], ...] | None = None  # the summary, when the walk has one now
    summary_ts: str = ""  # "" posts the summary, else it is updated in place
    parent: bool = False
    new_thread: bool = False  # post the parent message first
    lost: bool = False  # `ask` was current but its timestamp never recorded: look for it first
    said: Said = Said.NOTHING
    live: str = ""  # with Said.CONTINUES: the recommendation open in the thread
    live_ts: str = ""  # and its message, when known (the link opens the thread there)
    saved: str = ""  # what was written, for the person if Slack then fails ("" when nothing)


class OfWalk(Protocol):
    """The walk a question belongs to: its row, or the bookkeeping's plain copy of it."""

    @property
    def id(self) -> int: ...
    @property
    def topic(self) -> str: ...


def build_question(
    catalog: Catalog,
    walk: OfWalk,
    rec: Recommendation,
    found: Answered | None,
    *,
    asking: bool = True,
    skipped: bool = False,
    superseded: bool = False,
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
        superseded=superseded,
        was_label=was_label,
        was_by=was_by,
        resources=rec.resources,
    )
