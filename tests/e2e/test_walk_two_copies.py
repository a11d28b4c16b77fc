"""Two live copies of one question in a walk's thread: a click was still posting the next
question (its first attempt hung, the client tried again) when the person, told nothing yet,
typed `/assess housing`, which found no live question and posted it too. The walk recorded the
copy `/assess` posted. Answering either must take the buttons off both, or the other offers
answers for good (and, once the state submits, refuses every click)."""

from __future__ import annotations

from sandbox.driver import SlackDriver as Sender
from sandbox.slack import FakeSlack
from tests.e2e.conftest import SECRET, RunningBot
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver


def test_answering_the_newer_of_two_live_copies_retires_both(
    bot: RunningBot, slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    posting = fake.hold("chat.postMessage")
    eager = answer_first(bot, fake, parent)
    assert posting.arrived.wait(10), "the click posts HOU-2"
    eager.command("UPOC", "housing")
    fake.wait_for(lambda: live_questions(fake, parent) == ["HOU-2"])
    posting.release()
    bot.app.wait_idle()
    answer_the_newer_copy(slack, fake, parent)


def test_answering_the_copy_on_record_retires_an_older_one_posted_late(
    bot: RunningBot, slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    """`/assess` read the thread before the click's copy arrived and posted after it: the copy
    on record is the newer one, and the click's (older, never recorded) is found in the thread
    when the one on record is answered."""
    parent = start(slack, fake)
    clicks_post = fake.hold("chat.postMessage")
    eager = answer_first(bot, fake, parent)
    assert clicks_post.arrived.wait(10), "the click posts HOU-2"
    repairs_post = fake.hold("chat.postMessage")
    eager.command("UPOC", "housing")
    assert repairs_post.arrived.wait(10), "/assess found no HOU-2 and posts it"
    clicks_post.release()
    fake.wait_for(lambda: live_questions(fake, parent) == ["HOU-2"])
    repairs_post.release()
    bot.app.wait_idle()
    answer_the_newer_copy(slack, fake, parent)


def answer_first(bot: RunningBot, fake: FakeSlack, parent: dict) -> Sender:
    """Answer HOU-1 without waiting for the bot (its post of HOU-2 is held in the pool); the
    sender, for more requests that must not wait either."""
    eager = Sender(bot.url, SECRET, fake, wait=lambda: None)
    eager.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    return eager


def answer_the_newer_copy(slack: SlackDriver, fake: FakeSlack, parent: dict) -> None:
    """Two live copies of HOU-2; answering the newer leaves only HOU-3 live."""
    copies = [m for m in thread(fake, parent) if m["text"].startswith("HOU-2")]
    assert len(copies) == 2 and live_questions(fake, parent) == ["HOU-2", "HOU-2"]
    slack.click("UPOC", copies[-1], "walk_answer:tier_1")
    assert live_questions(fake, parent) == ["HOU-3"]
