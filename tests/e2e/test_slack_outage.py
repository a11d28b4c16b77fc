"""Slack failing (HTTP 500) for every reply while a person clicks: the answer is stored, and the
person is told the truth through the click's response_url: what was saved, that Slack failed, and
how to go on. Never that their request made no sense."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Answer
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, text_of

OUTAGE = {"error": "internal_error", "status": 500, "times": 50}
REPLIES = ("chat.postEphemeral", "chat.postMessage", "chat.update")


def _responses(fake: FakeSlack, user: str) -> list[str]:
    return [text_of(e) for e in fake.ephemerals(user) if e.get("source") == "response_url"]


def test_an_answer_saved_during_a_slack_outage_is_reported_as_saved(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    for method in REPLIES:
        fake.fail(method, **OUTAGE)
    assert slack.click("UPOC", question, "walk_answer:tier_2").status == 200
    with db() as s:
        assert s.scalars(select(Answer.status)).one() == "tier_2"
    told = _responses(fake, "UPOC")
    assert len(told) == 1, told
    assert told[0].startswith("Your answer to HOU-1 was saved, but Slack did not update")
    assert "Type `/assess housing`" in told[0]
    assert "could not make sense" not in told[0]


def test_a_slack_outage_outside_the_walk_is_not_called_a_bad_request(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    for method in (*REPLIES, "conversations.open"):
        fake.fail(method, **OUTAGE)
    slack.command("UPOC", "housing")
    told = _responses(fake, "UPOC")
    assert len(told) == 1, told
    assert "could not make sense" not in told[0]
    assert "Slack" in told[0]
