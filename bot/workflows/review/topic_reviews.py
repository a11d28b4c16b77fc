"""A jurisdiction's topic reviews as one POC sees them: each answer with its review state, what
changed since the POC's previous review, and what is still open."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.review.model import (
    ACCEPTED,
    OWN,
    REVISED,
    UNREVIEWED,
    WAITING,
    Item,
    OpenItem,
    ReviewState,
    TopicReview,
)
from bot.workflows.walk.progress import answer_view, answers_by_rec
from store.enums import Decision
from store.models import Answer, AnswerHistory, Review


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
