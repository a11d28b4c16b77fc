"""The POC's decisions on one answer version: accept it, or ask the person who gave it for
changes (they are told by DM). Review rows are append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import outbox, policy
from bot.workflows.errors import InvalidInput, NotFound
from bot.workflows.notices import Compose, Notice
from bot.workflows.review.model import TopicPage
from bot.workflows.review.reviewing import topic_page
from bot.workflows.review.submissions import ensure_open, scope
from bot.workflows.sentences import someone
from store.enums import Decision
from store.models import Answer, Cycle, Review, Walk

COMMENT_LIMIT = 1000


@dataclass(frozen=True)
class ChangesAsked:
    jurisdiction: str
    topic: str
    rec_id: str
    answerer: str
    keys: tuple[str, ...]
    page: TopicPage | None = None  # the topic's review page as it is now, to redraw


def accept(
    session: Session,
    catalog: Catalog,
    *,
    user: str,
    answer_id: int,
    version: int,
    since: datetime | None,
    now: datetime,
) -> TopicPage:
    """Accept the answer version the POC saw; returns the topic page to redraw."""
    answer = _reviewable(session, catalog, user, answer_id, version)
    latest = session.scalar(
        select(Review).where(Review.answer_id == answer.id).order_by(Review.id.desc())
    )
    if latest is None or (latest.version, latest.decision) != (answer.version, Decision.ACCEPTED):
        decide(session, answer, Decision.ACCEPTED, "", user, now)  # a second click records nothing
    topic = catalog.by_id[answer.recommendation_id].topic
    return topic_page(
        session, catalog, user=user, jurisdiction=answer.jurisdiction_code, topic=topic, since=since
    )


def changes_form(
    session: Session, catalog: Catalog, *, user: str, answer_id: int, version: int
) -> dict[str, str]:
    """What the "Ask for changes" modal shows; refused before it opens."""
    answer = _reviewable(session, catalog, user, answer_id, version)
    rec = catalog.by_id[answer.recommendation_id]
    return {
        "rec_id": rec.id,
        "text": rec.text,
        "label": catalog.scale_label(answer.status),
        "by": answer.answered_by,
    }


def ask_for_changes(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    *,
    user: str,
    answer_id: int,
    version: int,
    comment: str,
    now: datetime,
    since: datetime | None = None,
) -> ChangesAsked:
    """Record the request and DM the person who answered, with a link to their walk thread;
    returns the topic's review page (against `since`) showing the request."""
    comment = comment.strip()
    if not comment or len(comment) > COMMENT_LIMIT:
        raise InvalidInput(f"Please say what should change (1 to {COMMENT_LIMIT} characters).")
    answer = _reviewable(session, catalog, user, answer_id, version)
    if not answer.answered_by:
        raise InvalidInput(f"Nobody is on record for {answer.recommendation_id} to ask.")
    rec = catalog.by_id[answer.recommendation_id]
    # The same request again (a replayed or doubly sent submission) was already made: the
    # answerer is asked once; nothing is recorded or sent, the page is shown as it is.
    keys = (
        ()
        if _already_asked(session, answer, comment, user)
        else (_ask(session, catalog, compose, answer, comment, user, now),)
    )
    page = topic_page(
        session,
        catalog,
        user=user,
        jurisdiction=answer.jurisdiction_code,
        topic=rec.topic,
        since=since,
    )
    code, by = answer.jurisdiction_code, answer.answered_by
    return ChangesAsked(code, rec.topic, rec.id, by, keys, page)


def _ask(
    session: Session,
    catalog: Catalog,
    compose: Compose,
    answer: Answer,
    comment: str,
    user: str,
    now: datetime,
) -> str:
    """Record the request and queue the answerer's DM; returns its outbox key."""
    rec = catalog.by_id[answer.recommendation_id]
    review = decide(session, answer, Decision.CHANGES, comment, user, now)
    walk = _walk_of(session, answer, rec.topic)
    topic = catalog.topic(rec.topic)
    context = {
        "review": {"reviewed_by": review.reviewed_by, "comment": review.comment},
        "rec": {"id": rec.id, "text": rec.text},
        "topic": {"slug": topic.slug, "name": topic.name},
        "answer": {"jurisdiction_code": answer.jurisdiction_code},
        "label": catalog.scale_label(answer.status),
        "walk": {"channel_id": walk.channel_id, "thread_ts": walk.thread_ts} if walk else None,
    }
    key = f"review:{review.id}:changes"
    notice = Notice("review_changes", answer.answered_by, context)
    outbox.notify(session, compose, notice, key=key, now=now)
    return key


def _reviewable(
    session: Session, catalog: Catalog, user: str, answer_id: int, version: int
) -> Answer:
    """The answer, if this POC may review it now and it is still the version they saw."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.recommendation_id not in catalog.by_id:
        raise NotFound("That answer is no longer known; run `/assess review` again.")
    _, cycle = scope(session, user, policy.Action.REVIEW, answer.jurisdiction_code)
    if answer.cycle_id != cycle.id:
        old = session.get_one(Cycle, answer.cycle_id)
        raise InvalidInput("That answer belongs to “{cycle}”, now closed.", cycle=old.name)
    ensure_open(session, cycle.id, answer.jurisdiction_code)
    if answer.version != version or answer.status is None:
        raise InvalidInput(
            "{rec} changed since this review was shown (now “{label}” by {by}); nothing was "
            "recorded. Run `/assess review` to see it as it is.",
            rec=answer.recommendation_id,
            label=catalog.scale_label(answer.status),
            by=someone(answer.answered_by),
        )
    return answer


def _already_asked(session: Session, answer: Answer, comment: str, user: str) -> bool:
    latest = session.scalar(
        select(Review).where(Review.answer_id == answer.id).order_by(Review.id.desc())
    )
    return latest is not None and (
        latest.version,
        latest.decision,
        latest.comment,
        latest.reviewed_by,
    ) == (answer.version, Decision.CHANGES, comment, user)


def decide(
    session: Session, answer: Answer, decision: str, comment: str, user: str, now: datetime
) -> Review:
    """Append the POC's decision on the answer's current version (review rows are history)."""
    review = Review(
        answer_id=answer.id,
        version=answer.version,
        decision=decision,
        comment=comment,
        reviewed_by=user,
        reviewed_at=now,
    )
    session.add(review)
    session.flush()
    return review


def _walk_of(session: Session, answer: Answer, topic: str) -> Walk | None:
    """The answerer's thread for that topic, else anyone's (an imported answer has none)."""
    rows = session.scalars(
        select(Walk)
        .where(
            Walk.cycle_id == answer.cycle_id,
            Walk.jurisdiction_code == answer.jurisdiction_code,
            Walk.topic == topic,
        )
        .order_by(Walk.id)
    )
    walks = list(rows)
    own = [w for w in walks if w.slack_user_id == answer.answered_by]
    return next(iter(own or walks), None)
