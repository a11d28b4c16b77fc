"""The POC's review: see what is answered, by whom, what is open and what changed since the
previous review. Accepting and asking for changes are in `decisions`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.review.model import Overview, TopicPage
from bot.workflows.review.submissions import scope, summary
from bot.workflows.review.topic_reviews import topic_reviews
from bot.workflows.walk.topics import resolve_topic
from store.enums import Role
from store.models import Participant


def open_review(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str | None = None, now: datetime
) -> Overview:
    """Every topic against the POC's previous review; this review becomes the new baseline."""
    code, _ = scope(session, user, policy.Action.REVIEW, jurisdiction)
    poc = session.scalar(
        select(Participant).where(
            Participant.slack_user_id == user,
            Participant.jurisdiction_code == code,
            Participant.role == Role.POC,
            Participant.active.is_(True),
        )
    )
    assert poc is not None  # noqa: S101 - policy lets only an active POC review
    since, poc.last_reviewed_at = poc.last_reviewed_at, now
    return overview(session, catalog, user=user, jurisdiction=code, since=since)


def overview(
    session: Session, catalog: Catalog, *, user: str, jurisdiction: str, since: datetime | None
) -> Overview:
    """Every topic against a given baseline (going back from a topic keeps the same one)."""
    code, cycle = scope(session, user, policy.Action.REVIEW, jurisdiction)
    slugs = [t.slug for t in catalog.topics]
    rows = tuple(
        t.row() for t in topic_reviews(session, catalog, cycle.id, code, since, slugs, poc=user)
    )
    found = summary(session, catalog, cycle, code)
    return Overview(code, cycle.name, cycle.deadline, since, rows, found.submitted)


def topic_page(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    jurisdiction: str,
    topic: str,
    since: datetime | None,
) -> TopicPage:
    """One topic's answers with their review state, and what is still open."""
    code, cycle = scope(session, user, policy.Action.REVIEW, jurisdiction)
    slug = resolve_topic(catalog, topic).slug
    (found,) = topic_reviews(session, catalog, cycle.id, code, since, [slug], poc=user)
    return TopicPage(code, since, found, summary(session, catalog, cycle, code).submitted)
