"""A thread reply whose handling failed is stored when Slack retries it, and only once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers.common import SORRY
from sandbox.slack import FakeSlack
from store.models import AnswerHistory, ProcessedEvent
from tests.db_faults import failing_inserts
from tests.slack_driver import SlackDriver, Transcript

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}


def count(db: sessionmaker[Session], model: type) -> int:
    with db() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_failed_reply_is_stored_by_slacks_retry_and_only_once(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    texas: None,
    transcript: Transcript,
) -> None:
    slack.command("UPOC", "housing")
    parent = fake.messages("C0WALK", top_level_only=True)[0]
    transcript.new()
    engine = db.kw["bind"]
    with failing_inserts(engine, "answer_history"):
        failed = slack.reply("UPOC", parent, "We run a pilot", event_id="EvFAILS1")
    assert failed.status == 200
    assert [e["text"] for e in fake.ephemerals("UPOC")][-1] == SORRY
    assert count(db, AnswerHistory) == 0
    assert count(db, ProcessedEvent) == 0  # the failure released the id
    transcript.new()

    retried = slack.reply("UPOC", parent, "We run a pilot", event_id="EvFAILS1", headers=RETRY)
    again = slack.reply("UPOC", parent, "We run a pilot", event_id="EvFAILS1", headers=RETRY)
    assert (retried.status, again.status) == (200, 200)
    transcript.expect("reactions.add", "chat.update")
    assert count(db, AnswerHistory) == 1
    assert count(db, ProcessedEvent) == 1
