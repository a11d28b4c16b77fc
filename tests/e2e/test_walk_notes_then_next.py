"""Notes on the question just answered, then a click on the next one: that next question is
redrawn answered and the walk goes on (the notes' redraw must not leave it unrecorded)."""

from __future__ import annotations

from sandbox.slack import FakeSlack
from tests.e2e.test_walk import live_questions, start, thread
from tests.e2e.test_walk_notes import write_notes
from tests.slack_driver import SlackDriver


def test_a_click_after_notes_on_the_previous_question_retires_its_question(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    slack.click("UPOC", first, "walk_answer:tier_1")
    write_notes(slack, fake, first, "A pilot in two counties.", "")
    assert live_questions(fake, parent) == ["HOU-2"]
    second = thread(fake, parent)[-1]
    slack.click("UPOC", second, "walk_answer:tier_2")
    assert live_questions(fake, parent) == ["HOU-3"]
