"""Slack failing after the answer is written: the person is told it was saved and how to go on,
and the next `/assess <topic>` repairs the thread."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Answer
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of

# An error Slack answers with that no retry handler retries: the failure reaches the bot.
FAILED = {"error": "fatal_error", "status": 200}


def test_a_failed_redraw_and_post_are_explained_then_repaired(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    fake.fail("chat.update", **FAILED)
    fake.fail("chat.postMessage", **FAILED)
    slack.click("UPOC", question, "walk_answer:tier_2")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert told.startswith("Your answer to HOU-1 was saved, but Slack did not update the thread")
    assert "Type `/assess housing`" in told and "Something went wrong" not in told
    assert live_questions(fake, parent) == ["HOU-1"], "what Slack shows until the repair"
    with db() as s:
        assert s.scalars(select(Answer.status)).one() == "tier_2"
    transcript.new()
    slack.command("UPOC", "housing")
    # Slack may have posted HOU-2 after all (a timeout): the thread is read before posting it.
    transcript.expect("conversations.replies", "chat.update", "chat.postMessage")
    assert "by <@UPOC>" in text_of(fake.message(parent["channel"], question["ts"]))
    assert live_questions(fake, parent) == ["HOU-2"]
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")
    assert live_questions(fake, parent) == ["HOU-3"]


def test_a_thread_slack_did_not_post_is_posted_by_the_next_command(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    fake.fail("chat.postMessage", **FAILED)
    slack.command("UPOC", "housing")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert told.startswith("Nothing was lost, but Slack did not update the thread")
    assert fake.messages("C0WALK") == []
    parent = start(slack, fake)
    assert live_questions(fake, parent) == ["HOU-1"]
    assert len(fake.messages("C0WALK", top_level_only=True)) == 1
