"""Accept all: the POC accepts, in one click, every answer of a topic they have not reviewed
yet, exactly as the review page showed them. Each acceptance is its own review row, like a
single Accept; an answer changed since the page was drawn, one waiting for the changes the POC
asked for, and the POC's own answers are left alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.review.decisions import decide
from bot.workflows.review.model import TopicPage
from bot.workflows.review.reviewing import topic_page
from bot.workflows.review.submissions import ensure_open, scope
from bot.workflows.walk.topics import resolve_topic
from store.enums import Decision
from store.models import Answer, Review

Shown = Sequence[tuple[int, int]]  # (answer id, version) as the page showed them


def accept_all(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    jurisdiction: str,
    topic: str,
    shown: Shown,
    since: datetime | None,
    now: datetime,
) -> TopicPage:
    """Accept the shown versions that still await a first decision on them; a second click
    records nothing. Returns the topic page to redraw."""
    code, cycle = scope(session, user, policy.Action.REVIEW, jurisdiction)
    ensure_open(session, cycle.id, code)
    slug = resolve_topic(catalog, topic).slug
    versions = dict(shown)
    answers = session.scalars(
        select(Answer).where(
            Answer.id.in_(list(versions)),
            Answer.cycle_id == cycle.id,
            Answer.jurisdiction_code == code,
        )
    )
    for answer in answers:
        rec = catalog.by_id.get(answer.recommendation_id)
        if rec is None or rec.topic != slug or _settled(session, answer, user, versions):
            continue
        decide(session, answer, Decision.ACCEPTED, "", user, now)
    return topic_page(session, catalog, user=user, jurisdiction=code, topic=slug, since=since)


def _settled(session: Session, answer: Answer, user: str, versions: dict[int, int]) -> bool:
    """Not for Accept all: changed since shown, no status, the POC's own, or already decided
    on this version (accepted, or changes asked)."""
    if answer.version != versions[answer.id] or answer.status is None:
        return True
    if answer.answered_by == user:
        return True
    latest = session.scalar(
        select(Review.version).where(Review.answer_id == answer.id).order_by(Review.id.desc())
    )
    return latest == answer.version
