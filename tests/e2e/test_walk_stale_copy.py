"""A question whose redraw Slack refused keeps its answer buttons although its answer is saved.
A click on it, even with the answer already stored, redraws it: a live-looking button that
answers with silence is a question nobody can finish."""

from __future__ import annotations

from sandbox.slack import FakeSlack
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, text_of


def test_a_stale_copy_clicked_again_with_the_same_answer_loses_its_buttons(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    fake.fail("chat.update")  # HOU-1's redraw: Slack says no once
    slack.click("UPOC", first, "walk_answer:tier_2")
    assert live_questions(fake, parent) == ["HOU-1", "HOU-2"]
    stale = fake.message(parent["channel"], first["ts"])
    slack.click("UPOC", stale, "walk_answer:tier_2")  # the same answer again
    assert live_questions(fake, parent) == ["HOU-2"]
    assert "Tier II" in text_of(fake.message(parent["channel"], first["ts"]))


def test_a_stale_copy_clicked_with_another_answer_changes_it_and_loses_its_buttons(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    fake.fail("chat.update")
    slack.click("UPOC", first, "walk_answer:tier_2")
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_answer:tier_1")
    assert live_questions(fake, parent) == ["HOU-2"]
