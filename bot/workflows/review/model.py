"""Read models of the POC's review: per topic, what is answered, by whom, what is open, what
changed since the POC last looked, and what the POC decided about each answer version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.review.submission_views import SubmissionView
from bot.workflows.walk.progress import AnswerView, answer_view, answers_by_rec
from store.enums import Decision
from store.models import Answer, AnswerHistory, Review


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


def topic_reviews(
    session: Session,
    catalog: Catalog,
    cycle_id: int,
    jurisdiction: str,
    since: datetime | None,
    slugs: list[str],
    *,
    poc: str,
) -> list[TopicReview]:
    """Topic reviews of the jurisdiction for `poc`; `since` is the POC's previous review."""
    found = answers_by_rec(session, cycle_id, jurisdiction)
    latest = _latest_reviews(session, [a.id for a in found.values()])
    seen = _seen_then(session, cycle_id, jurisdiction, since)
    result = []
    for slug in slugs:
        recs = catalog.in_topic(slug)
        items = tuple(
            _item(catalog, rec, found[rec.id], latest.get(found[rec.id].id), since, seen, poc)
            for rec in recs
            if rec.id in found and found[rec.id].status is not None
        )
        answered = {i.rec_id for i in items}
        open_items = tuple(OpenItem(r.id, r.text) for r in recs if r.id not in answered)
        result.append(TopicReview(slug, catalog.topic(slug).name, items, open_items))
    return result


def _item(
    catalog: Catalog,
    rec: Recommendation,
    answer: Answer,
    review: Review | None,
    since: datetime | None,
    seen: dict[str, AnswerHistory],
    poc: str,
) -> Item:
    view = answer_view(catalog, answer)
    assert view is not None  # noqa: S101 - only recorded answers are reviewed
    changed = since is not None and answer.answered_at > since
    before = seen.get(rec.id) if changed else None
    other_status = before is not None and before.after_status != answer.status
    return Item(
        rec_id=rec.id,
        text=rec.text,
        answer_id=answer.id,
        answer=view,
        state=OWN if answer.answered_by == poc else _state(answer, review),
        changed=changed,
        new=changed and before is None,
        was_label=catalog.scale_label(before.after_status) if before and other_status else "",
        was_by=before.changed_by if before and other_status else "",
        comment=review.comment if review and review.decision == Decision.CHANGES else "",
    )


def _state(answer: Answer, review: Review | None) -> ReviewState:
    if review is None:
        return UNREVIEWED
    if review.version != answer.version:
        return REVISED
    return ACCEPTED if review.decision == Decision.ACCEPTED else WAITING


def _latest_reviews(session: Session, answer_ids: list[int]) -> dict[int, Review]:
    if not answer_ids:
        return {}
    rows = session.scalars(
        select(Review).where(Review.answer_id.in_(answer_ids)).order_by(Review.id)
    )
    return {r.answer_id: r for r in rows}  # the last one per answer wins


def _seen_then(
    session: Session, cycle_id: int, jurisdiction: str, since: datetime | None
) -> dict[str, AnswerHistory]:
    """Per recommendation, the last change the POC could have seen at `since`."""
    if since is None:
        return {}
    rows = session.scalars(
        select(AnswerHistory)
        .where(
            AnswerHistory.cycle_id == cycle_id,
            AnswerHistory.jurisdiction_code == jurisdiction,
            AnswerHistory.changed_at <= since,
        )
        .order_by(AnswerHistory.id)
    )
    return {h.recommendation_id: h for h in rows}
