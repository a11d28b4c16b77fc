"""One truth per recommendation in a walk's thread: whatever re-asks a question (a repeated
`/assess <topic>`, `/assess <topic> <ID>`, Change, Back, resuming), the earlier copies are
redrawn as what they now are, one message offers answer buttons, and the footer is said once."""

from __future__ import annotations

from sandbox.slack import FakeSlack
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of

FOOTER = "Policy answers only"


def actions(message: dict) -> list[str]:
    return [b["action_id"] for b, _ in buttons(message)]


def copies(fake: FakeSlack, parent: dict, rec: str) -> list[dict]:
    return [m for m in thread(fake, parent) if m["text"].startswith(f"{rec} ")]


def test_a_repeated_assess_posts_nothing_and_links_into_the_thread(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    posted = len(thread(fake, parent))
    for _ in range(3):
        slack.command("UPOC", "housing")
    assert len(thread(fake, parent)) == posted, "nothing new in the thread"
    assert not [c for c in transcript.new("chat.postMessage") if c.args.get("thread_ts")][posted:]
    assert live_questions(fake, parent) == ["HOU-2"]
    [live] = copies(fake, parent, "HOU-2")
    said = text_of(fake.ephemerals("UPOC")[-1])
    assert "HOU-2 is the open question" in said
    link = f"/archives/C0WALK/p{live['ts'].replace('.', '')}?thread_ts={parent['ts']}&cid=C0WALK"
    assert link in said, said


def test_reasking_an_answered_recommendation_supersedes_its_earlier_copy(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    for _ in range(3):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:not_yet")
    slack.command("UPOC", "housing HOU-1")
    old, new = copies(fake, parent, "HOU-1")
    slack.click("UPOC", fake.message(parent["channel"], new["ts"]), "walk_answer:tier_1")
    old = fake.message(parent["channel"], old["ts"])
    assert ":white_check_mark:" not in text_of(old), "the earlier copy keeps no stale answer"
    assert "Asked again further down" in text_of(old)
    assert actions(old) == []
    answered = [m for m in copies(fake, parent, "HOU-1") if ":white_check_mark:" in text_of(m)]
    assert len(answered) == 1 and "Tier I" in text_of(answered[0])
    assert live_questions(fake, parent) == ["HOU-4"]


def test_skipped_questions_and_the_one_left_by_back_keep_no_change_button(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_skip")
    [skipped] = copies(fake, parent, "HOU-1")
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    [left] = copies(fake, parent, "HOU-3")
    slack.click("UPOC", left, "walk_back")
    skipped, left = (fake.message(parent["channel"], m["ts"]) for m in (skipped, left))
    assert actions(skipped) == [] and "Skipped for now" in text_of(skipped)
    assert actions(left) == [] and "Not answered yet" in text_of(left)
    assert live_questions(fake, parent) == ["HOU-2"]
    old, _new = copies(fake, parent, "HOU-2")
    assert actions(fake.message(parent["channel"], old["ts"])) == [], "Back asks it anew below"


def test_change_retires_an_open_question_whose_message_was_not_yet_recorded(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    for _ in range(2):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_change")
    assert live_questions(fake, parent) == ["HOU-1"]
    slack.click("UPOC", fake.message(parent["channel"], first["ts"]), "walk_answer:not_yet")
    assert live_questions(fake, parent) == ["HOU-3"]


def test_the_footer_is_said_once_per_thread(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    parent = start(slack, fake)
    for _ in range(3):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    messages = [fake.message(parent["channel"], parent["ts"]), *thread(fake, parent)]
    assert len(messages) == 5
    assert [FOOTER in text_of(m) for m in messages] == [True, False, False, False, False]
