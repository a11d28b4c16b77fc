"""A question Slack accepted whose timestamp the bot never wrote down (the worker stopped, or
the database failed, right after `chat.postMessage`): answering it redraws it, the thread keeps
one live question, and nobody is told their saved answer was lost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.models import Answer, Walk
from tests.db_faults import fail_updates, mend_updates
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, text_of

FALSE_LINES = ("nothing of this was saved", "nothing you entered was lost", "Nothing was lost")


@pytest.fixture
def broken_after_post(fake: FakeSlack, db: sessionmaker[Session]) -> Iterator[dict[str, str]]:
    """Once Slack has accepted the question named in `armed["rec"]`, every UPDATE of the walks
    fails: whatever the bot writes after that post is lost, as if its worker were killed."""
    engine, armed = db.kw["bind"], {"rec": "", "done": ""}

    def after_change() -> None:
        if not armed["rec"] or armed["done"]:
            return
        for m in fake.messages("C0WALK"):
            if m.get("thread_ts") not in (None, m["ts"]) and m["text"].startswith(armed["rec"]):
                fail_updates(engine, "walks")
                armed["done"] = "yes"
                return

    fake.on_change(after_change)
    yield armed
    fake.on_change(None)
    if armed["done"]:
        mend_updates(engine, "walks")
        armed["done"] = ""


def mend(db: sessionmaker[Session], armed: dict[str, str]) -> None:
    if armed["done"]:
        mend_updates(db.kw["bind"], "walks")
    armed["rec"] = armed["done"] = ""


def hou2_left_unrecorded(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    armed: dict[str, str],
) -> dict[str, Any]:
    """The POC answers HOU-1; HOU-2 is posted but the walk never records it. The walk's thread."""
    parent = start(slack, fake)
    armed["rec"] = "HOU-2"
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    mend(db, armed)
    return parent


def told(fake: FakeSlack) -> list[str]:
    return [text_of(m) for m in fake.ephemerals("UPOC")]


def test_a_question_never_recorded_is_redrawn_when_answered_and_nobody_hears_a_false_loss(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],
) -> None:
    parent = start(slack, fake)
    broken_after_post["rec"] = "HOU-2"
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    with db() as s:
        assert s.scalars(select(Answer.status)).all() == ["tier_2"], "HOU-1 was saved"
    assert not [t for t in told(fake) if any(line in t for line in FALSE_LINES)], told(fake)
    mend(db, broken_after_post)
    unrecorded = thread(fake, parent)[-1]
    assert unrecorded["text"].startswith("HOU-2")
    slack.click("UPOC", unrecorded, "walk_answer:tier_1")
    redrawn = fake.message(parent["channel"], unrecorded["ts"])
    assert "by <@UPOC>" in text_of(redrawn), "the answered question is redrawn as answered"
    assert live_questions(fake, parent) == ["HOU-3"], "one live question"


def test_assess_on_a_topic_finished_elsewhere_retires_the_unrecorded_question(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    catalog: Catalog,
    broken_after_post: dict[str, str],
) -> None:
    parent = hou2_left_unrecorded(slack, fake, db, broken_after_post)
    assert live_questions(fake, parent) == ["HOU-2"]
    agency = start(slack, fake, user="UAG1")
    for _ in catalog.in_topic("housing")[1:]:
        slack.click("UAG1", thread(fake, agency)[-1], "walk_answer:tier_1")
    slack.command("UPOC", "housing")
    assert "is complete for TX" in told(fake)[-1]
    assert live_questions(fake, parent) == [], "no live question left in a finished topic"


def test_an_old_unrecorded_copy_clicked_after_the_walk_moved_on_is_redrawn(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],
) -> None:
    """The thread could not be read back when `/assess` looked for the unrecorded question, so
    it was asked anew; the old copy, clicked later, is older than what the walk recorded since.
    The click is saved and the copy redrawn answered, not left with live buttons for good."""
    parent = hou2_left_unrecorded(slack, fake, db, broken_after_post)
    old = thread(fake, parent)[-1]
    fake.fail("conversations.replies", status=500, times=1)
    slack.command("UPOC", "housing")
    again = thread(fake, parent)[-1]
    assert again["ts"] != old["ts"] and again["text"].startswith("HOU-2")
    fake.fail("conversations.replies", status=500, times=1)  # the click's look for other copies
    slack.click("UPOC", again, "walk_answer:tier_1")
    assert "HOU-3" in live_questions(fake, parent)
    slack.click("UPOC", fake.message(parent["channel"], old["ts"]), "walk_answer:not_yet")
    with db() as s:
        assert s.scalar(select(Answer.status).where(Answer.recommendation_id == "HOU-2")) == (
            "not_yet"
        )
    redrawn = fake.message(parent["channel"], old["ts"])
    assert "by <@UPOC>" in text_of(redrawn), "the clicked copy is redrawn as answered"
    assert live_questions(fake, parent) == ["HOU-3"], "one live question"


def test_the_same_answer_again_on_an_old_unrecorded_copy_retires_it(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],
) -> None:
    """Clicking the answer already stored on a copy the walk never recorded changes nothing,
    but the copy loses its buttons: else every such click is met with silence."""
    parent = hou2_left_unrecorded(slack, fake, db, broken_after_post)
    old = thread(fake, parent)[-1]
    fake.fail("conversations.replies", status=500, times=1)
    slack.command("UPOC", "housing")
    fake.fail("conversations.replies", status=500, times=1)  # the click's look for other copies
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")
    slack.click("UPOC", fake.message(parent["channel"], old["ts"]), "walk_answer:tier_1")
    assert live_questions(fake, parent) == ["HOU-3"], "one live question"


def test_a_question_asked_anew_looks_for_the_old_copy_when_answered(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],
) -> None:
    """`/assess` could not read the thread and asked HOU-2 anew: answering the new copy reads
    the thread back and takes the buttons off the old one too."""
    parent = hou2_left_unrecorded(slack, fake, db, broken_after_post)
    old = thread(fake, parent)[-1]
    fake.fail("conversations.replies", status=500, times=1)
    slack.command("UPOC", "housing")
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")
    assert live_questions(fake, parent) == ["HOU-3"], "one live question"
    assert "by <@UPOC>" not in text_of(fake.message(parent["channel"], old["ts"]))


def test_a_click_before_the_thread_is_written_down_asks_the_next_question_in_that_thread(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    broken_after_post: dict[str, str],
) -> None:
    """The person answered the first question before the request that opened the thread had
    written it down (here: that write failed): the next question goes into the thread Slack
    says the click came from, not to the channel as a message of its own."""
    broken_after_post["rec"] = "HOU-1"
    parent = start(slack, fake)
    mend(db, broken_after_post)
    with db() as s:
        assert s.scalar(select(Walk.thread_ts)) is None
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    assert live_questions(fake, parent) == ["HOU-2"]
    assert fake.messages("C0WALK", top_level_only=True) == [fake.message("C0WALK", parent["ts"])]
    with db() as s:
        assert s.scalar(select(Walk.thread_ts)) == parent["ts"]
