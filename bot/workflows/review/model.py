"""Read models of the POC's review: per topic, what is answered, by whom, what is open, what
changed since the POC last looked, and what the POC decided about each answer version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.workflows.review.submission_views import SubmissionView
from bot.workflows.walk.progress import AnswerView


class ReviewState(StrEnum):
    """What the POC sees next to an answer; the POC's own answers need no review (OWN)."""

    ACCEPTED = "accepted"
    WAITING = "waiting"  # changes asked
    REVISED = "revised"  # changed after a review
    UNREVIEWED = "unreviewed"
    OWN = "own"  # the POC's own answer


ACCEPTED, WAITING, REVISED, UNREVIEWED, OWN = tuple(ReviewState)


@dataclass(frozen=True)
class Item:
    """One answered recommendation under review."""

    rec_id: str
    text: str
    answer_id: int
    answer: AnswerView
    state: ReviewState
    changed: bool  # changed since the POC's previous review
    new: bool  # first answered since then
    was_label: str  # the status before those changes, when the status itself changed
    was_by: str
    comment: str  # the latest request for changes, when state is WAITING or REVISED


@dataclass(frozen=True)
class OpenItem:
    rec_id: str
    text: str


@dataclass(frozen=True)
class TopicRow:
    slug: str
    name: str
    total: int
    answered: int
    changed: int
    accepted: int
    waiting: int
    own: int = 0

    @property
    def to_review(self) -> int:
        return self.answered - self.accepted - self.waiting - self.own


@dataclass(frozen=True)
class TopicReview:
    slug: str
    name: str
    items: tuple[Item, ...]
    open_items: tuple[OpenItem, ...]

    @property
    def to_accept(self) -> tuple[tuple[int, int], ...]:
        """(answer id, version) of what Accept all would accept: no decision on this version."""
        return tuple(
            (i.answer_id, i.answer.version) for i in self.items if i.state in (UNREVIEWED, REVISED)
        )

    def row(self) -> TopicRow:
        return TopicRow(
            self.slug,
            self.name,
            len(self.items) + len(self.open_items),
            len(self.items),
            sum(1 for i in self.items if i.changed),
            sum(1 for i in self.items if i.state == ACCEPTED),
            sum(1 for i in self.items if i.state == WAITING),
            sum(1 for i in self.items if i.state == OWN),
        )

    def unreviewed(self) -> int:
        """Answers by others the POC has not accepted nor asked changes of (as they are now)."""
        return sum(1 for i in self.items if i.state in (UNREVIEWED, REVISED))


@dataclass(frozen=True)
class Overview:
    jurisdiction: str
    cycle_name: str
    deadline: date
    since: datetime | None  # the POC's previous review; None the first time
    topics: tuple[TopicRow, ...]
    submitted: SubmissionView | None

    @property
    def complete(self) -> bool:
        return all(t.answered >= t.total for t in self.topics)


@dataclass(frozen=True)
class TopicPage:
    jurisdiction: str
    since: datetime | None
    topic: TopicReview
    submitted: SubmissionView | None
