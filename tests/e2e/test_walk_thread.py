"""Threads stay tidy: one live question per walk, the summary updated in place, honest replies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of


def answer_all(slack: SlackDriver, fake: FakeSlack, parent: dict, catalog: Catalog) -> None:
    for _ in catalog.in_topic("housing"):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")


def summaries(fake: FakeSlack, parent: dict) -> list[dict]:
    return [m for m in thread(fake, parent) if ":tada:" in text_of(m)]


def test_assess_again_reads_the_thread_and_points_at_the_open_question(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    transcript.new()
    slack.command("UPOC", "housing")
    slack.command("UPOC", "Housing")
    # Slack, not the walk's record, knows every live copy: the thread is read, nothing posted.
    transcript.expect(*("conversations.replies", "chat.postEphemeral") * 2)
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert "HOU-2 is the open question" in told and f"thread_ts={parent['ts']}" in told
    assert live_questions(fake, parent) == ["HOU-2"]
    assert thread(fake, parent)[-1]["text"].startswith("HOU-2")


def test_change_and_reopen_leave_one_live_question(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    for _ in range(2):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    assert live_questions(fake, parent) == ["HOU-3"]
    transcript.new()
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_change")
    # HOU-3's timestamp is written by a click on it; none came, so the thread is read.
    transcript.expect("conversations.replies", "chat.update", "chat.update")
    assert live_questions(fake, parent) == ["HOU-1"], "HOU-3 lost its answer buttons"
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_answer:not_yet")
    assert live_questions(fake, parent) == ["HOU-3"]
    slack.command("UPOC", "housing HOU-2")
    assert live_questions(fake, parent) == ["HOU-2"]
    assert thread(fake, parent)[-1]["text"].startswith("HOU-2")
    slack.click("UPOC", thread(fake, parent)[-1], "walk_back")
    assert live_questions(fake, parent) == ["HOU-1"]


def test_the_summary_is_updated_in_place_after_a_change(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    transcript: Transcript,
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    answer_all(slack, fake, parent, catalog)
    assert len(summaries(fake, parent)) == 1
    assert "Tier I: getting started*\n8" in text_of(summaries(fake, parent)[0])
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_change")
    transcript.new()
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_answer:tier_2")
    transcript.expect("chat.update", "chat.update", "chat.update")
    assert len(summaries(fake, parent)) == 1, "no second summary"
    assert "Tier I: getting started*\n7" in text_of(summaries(fake, parent)[0])
    assert live_questions(fake, parent) == []


def test_assess_on_a_finished_topic_shows_the_summary_and_how_to_change(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    transcript: Transcript,
) -> None:
    parent = start(slack, fake)
    answer_all(slack, fake, parent, catalog)
    transcript.new()
    slack.command("UPOC", "housing")
    transcript.expect("conversations.replies", "chat.update", "chat.postEphemeral")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert "*Housing* is complete for TX: all 8 recommendations answered" in told
    assert "Tier I: getting started: 8" in told and "`/assess housing HOU-1`" in told
    assert "continues" not in told
    assert len(summaries(fake, parent)) == 1 and live_questions(fake, parent) == []


def test_an_unknown_id_is_only_refused_with_the_topic_ids(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    parent = start(slack, fake)
    transcript.new()
    slack.command("UPOC", "housing HOU-99")
    transcript.expect("chat.postEphemeral")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert told.startswith("HOU-99 is not a recommendation of Housing")
    assert "HOU-1, HOU-2, HOU-3" in told and "HOU-8" in told and "continues" not in told
    assert live_questions(fake, parent) == ["HOU-1"]


def test_a_reply_after_the_walk_explains_the_latest_answer(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    answer_all(slack, fake, parent, catalog)
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_change")
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_answer:tier_2")
    transcript.new()
    slack.reply("UPOC", parent, "Changed after review: the pilot is now statewide.")
    transcript.expect("reactions.add", "chat.update")
    assert "now statewide" in text_of(fake.message(parent["channel"], first["ts"]))
    assert not [e for e in fake.ephemerals("UPOC") if "no open question" in text_of(e)]
    with db() as s:
        found = s.scalars(select(Answer).where(Answer.recommendation_id == "HOU-1")).one()
        assert (found.status, found.notes) == (
            "tier_2",
            "Changed after review: the pilot is now statewide.",
        )
        last = s.scalars(select(AnswerHistory).order_by(AnswerHistory.id.desc())).first()
        assert last is not None and last.source == "thread"
