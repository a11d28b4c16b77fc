"""Notes are never silently replaced or cut: a reply in the thread adds to them, and the notes
modal refuses text over the limit on the field, keeping the modal open."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of


def notes_of(db: sessionmaker[Session]) -> str:
    with db() as s:
        return s.scalars(select(Answer)).one().notes


def test_replies_add_to_the_notes_saved_by_the_modal(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    slack.click("UPOC", fake.message(parent["channel"], question["ts"]), "walk_notes")
    slack.submit(
        "UPOC",
        fake.views("UPOC")[-1],
        {"notes": {"notes_input": "Voucher pilot."}, "resources": {"resources_input": ""}},
    )
    transcript.new()
    slack.reply("UPOC", parent, "Two counties take part.")
    transcript.expect("reactions.add", "chat.update", "chat.postEphemeral")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert "added to the notes on *HOU-1*" in told and "nothing was replaced" in told
    slack.reply("UPOC", parent, "A third joins in May.")
    assert notes_of(db) == "Voucher pilot.\n\nTwo counties take part.\n\nA third joins in May."
    shown = text_of(fake.message(parent["channel"], question["ts"]))
    assert "Voucher pilot." in shown and "A third joins in May." in shown
    with db() as s:
        sources = [h.source for h in s.scalars(select(AnswerHistory).order_by(AnswerHistory.id))]
        assert sources == ["modal", "thread", "thread"]


def test_a_reply_that_would_pass_the_limit_adds_nothing_and_says_so(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    slack.reply("UPOC", parent, "x" * 2000)
    transcript.new()
    slack.reply("UPOC", parent, "y" * 1500)
    transcript.expect("chat.postEphemeral")
    told = text_of(fake.ephemerals("UPOC")[-1])
    assert told.startswith("Nothing was added") and "at most 3000" in told
    assert notes_of(db) == "x" * 2000


def test_the_modal_refuses_notes_over_the_limit_on_the_field(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    slack.click("UPOC", fake.message(parent["channel"], question["ts"]), "walk_notes")
    modal = fake.views("UPOC")[-1]
    assert "Up to 3000 characters" in modal["view"]["blocks"][1]["hint"]["text"]
    transcript.new()
    response = slack.submit(
        "UPOC",
        modal,
        {"notes": {"notes_input": "n" * 5000}, "resources": {"resources_input": "Funding."}},
    )
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["notes"]
    assert "this is 5000" in answer["errors"]["notes"]
    transcript.expect()
    with db() as s:
        assert s.scalars(select(Answer)).first() is None
