"""A walk whose first thread was posted but never written down (the worker stopped, or the
database failed, right after Slack took the thread and its first question): `/assess` opens a
second thread, and the first one's question still offers answers. A click on it is saved and
redraws it there, in the thread the walk does not know, instead of answering with silence."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Answer, Walk
from tests.e2e.test_walk import live_questions, start, thread
from tests.e2e.test_walk_unrecorded import broken_after_post, mend  # noqa: F401 - the fixture
from tests.slack_driver import SlackDriver, text_of


def test_a_question_in_a_thread_the_walk_never_recorded_is_redrawn_when_clicked(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],  # noqa: F811
) -> None:
    broken_after_post["rec"] = "HOU-1"
    first = start(slack, fake)
    mend(db, broken_after_post)
    with db() as s:
        assert s.scalars(select(Walk.thread_ts)).one() is None, "the first thread went unrecorded"
    second = start(slack, fake)
    assert second["ts"] != first["ts"]
    stray = thread(fake, first)[-1]
    assert live_questions(fake, first) == ["HOU-1"]
    slack.click("UPOC", stray, "walk_answer:tier_2")
    with db() as s:
        assert s.scalars(select(Answer.status)).all() == ["tier_2"]
    assert live_questions(fake, first) == [], "the stray copy lost its buttons"
    assert "Tier II" in text_of(fake.message(first["channel"], stray["ts"]))
    assert live_questions(fake, second) == ["HOU-2"]
