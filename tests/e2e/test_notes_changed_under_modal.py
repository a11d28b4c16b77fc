"""Two people with the notes modal of one recommendation open: the second to save would replace
the first's notes unseen (the modal edits them as a whole). Instead nothing is saved, and the
modal opens again with the notes as they are now and what the person typed."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, text_of


def typed(notes: str) -> dict[str, dict[str, str]]:
    return {"notes": {"notes_input": notes}, "resources": {"resources_input": ""}}


def both_open(slack: SlackDriver, fake: FakeSlack) -> tuple[dict, dict]:
    """HOU-1 answered; the POC's notes modal opened, then the agency's, which saves first."""
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    answered = fake.message(parent["channel"], thread(fake, parent)[0]["ts"])
    slack.click("UPOC", answered, "walk_notes")
    poc_view = fake.views("UPOC")[-1]
    slack.click("UAG1", answered, "walk_notes")
    assert slack.submit("UAG1", fake.views("UAG1")[-1], typed("County pilot.")).status == 200
    return parent, poc_view


def rows(db: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    with db() as s:
        found = s.execute(
            select(
                AnswerHistory.changed_by, AnswerHistory.source, AnswerHistory.after_notes
            ).order_by(AnswerHistory.id)
        )
        return [tuple(r) for r in found]  # type: ignore[misc]


def test_the_second_save_keeps_both_texts_and_opens_the_modal_again(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    _, poc_view = both_open(slack, fake)
    views = len(fake.views("UPOC"))
    assert slack.submit("UPOC", poc_view, typed("")).status == 200  # opened empty, kept empty
    assert rows(db) == [("UPOC", "button", ""), ("UAG1", "modal", "County pilot.")]
    again = fake.views("UPOC")[views:]
    assert len(again) == 1
    shown = json.dumps(again[0])
    assert "<@UAG1> changed these notes while you had them open" in shown
    assert "County pilot." in shown
    slack.submit("UPOC", again[0], typed("County pilot. The state funds it."))
    with db() as s:
        assert s.scalars(select(Answer)).one().notes == "County pilot. The state funds it."
    assert rows(db)[-1] == ("UPOC", "modal", "County pilot. The state funds it.")


def test_typed_text_is_kept_in_the_modal_and_never_echoed_unescaped(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    _, poc_view = both_open(slack, fake)
    slack.submit("UPOC", poc_view, typed("Ours <!channel> too."))
    again = fake.views("UPOC")[-1]
    element = again["view"]["blocks"]
    inputs = [b["element"] for b in element if b["type"] == "input"]
    assert inputs[0]["initial_value"] == "Ours <!channel> too."  # an input shows text as typed
    sections = " ".join(b["text"]["text"] for b in element if b["type"] == "section")
    assert "<!channel>" not in sections


def test_when_slack_will_not_open_it_again_one_line_says_nothing_was_saved(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    _, poc_view = both_open(slack, fake)
    fake.fail("views.open", error="expired_trigger_id")
    slack.submit("UPOC", poc_view, typed("Ours."))
    told = [text_of(e) for e in fake.ephemerals("UPOC")]
    assert told[-1] == (
        "Nothing was saved: <@UAG1> changed the notes on HOU-1 while you had them open. "
        "Open Notes again to see theirs, then add yours."
    )
    assert [r[0] for r in rows(db)] == ["UPOC", "UAG1"]
