"""A state's point of contact reviews what the agencies answered, over signed HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import OutboxMessage, Participant, Review
from tests.clock import Clock
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of

Message = dict[str, Any]


def walk(slack: SlackDriver, fake: FakeSlack, user: str, text: str) -> Message:
    """Start (or re-open) a walk and return the question it just posted."""
    slack.command(user, text)
    return fake.messages("C0WALK")[-1]


def answer(slack: SlackDriver, fake: FakeSlack, user: str, statuses: list[str]) -> None:
    """Answer the housing walk's next questions with these statuses."""
    for status in statuses:
        question = walk(slack, fake, user, "housing")
        slack.click(user, question, f"walk_answer:{status}")


def review(slack: SlackDriver, fake: FakeSlack, user: str = "UPOC") -> Message:
    slack.command(user, "review")
    return fake.ephemerals(user)[-1]


def open_topic(slack: SlackDriver, fake: FakeSlack, overview: Message, name: str) -> Message:
    row = next(b for b in overview["blocks"] if name in text_of({"blocks": [b]}))
    slack.click("UPOC", {**overview, "blocks": [row]}, "review_topic", ephemeral=True)
    return fake.ephemerals("UPOC")[-1]


def item(page: Message, rec_id: str) -> Message:
    """The review page narrowed to one recommendation's text and buttons."""
    blocks = page["blocks"]
    index = next(i for i, b in enumerate(blocks) if f"*{rec_id}*" in text_of({"blocks": [b]}))
    return {**page, "blocks": blocks[index : index + 2]}


def test_first_review_lists_every_topic_and_sets_the_baseline(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    answer(slack, fake, "UAG1", ["tier_2"])
    transcript.new()
    overview = review(slack, fake)
    transcript.expect("chat.postEphemeral")
    shown = text_of(overview)
    assert "Review · TX" in shown and "Your first review" in shown
    assert "*Housing* — 1 of 8 answered · 1 to review · 7 open" in shown
    assert len([b for b, _ in buttons(overview) if b["action_id"] == "review_topic"]) == 12
    assert "identify a child or youth" in shown and "Draft wording" in shown
    assert not [b for b, _ in buttons(overview) if b["action_id"] == "submit_open"]
    with db() as s:
        poc = s.scalars(select(Participant).where(Participant.slack_user_id == "UPOC")).one()
        assert poc.last_reviewed_at == clock.now


def test_the_review_shows_who_answered_what_is_open_and_what_changed(
    slack: SlackDriver, fake: FakeSlack, texas: None, clock: Clock
) -> None:
    answer(slack, fake, "UAG1", ["tier_2", "not_yet"])
    review(slack, fake)
    clock.advance(days=1)
    question = walk(slack, fake, "UPOC", "housing HOU-2")
    slack.click("UPOC", question, "walk_answer:tier_1")
    answer(slack, fake, "UAG1", ["unsure"])
    overview = review(slack, fake)
    assert "last review" in text_of(overview)
    shown = text_of(overview)
    assert "*Housing* — 3 of 8 answered · :new: 2 changed · 1 yours · 2 to review · 5 open" in shown
    page = open_topic(slack, fake, overview, "Housing")
    assert page["replace_original"] is True
    hou1, hou2, hou3 = (text_of(item(page, r)) for r in ("HOU-1", "HOU-2", "HOU-3"))
    assert "*Tier II: established practice*, by <@UAG1> (TX Housing Authority)" in hou1
    assert ":new:" not in hou1
    assert "*Tier I: getting started*, by <@UPOC>" in hou2
    assert "was *Not yet addressed* (by <@UAG1>)" in hou2
    assert "Answered since your last review" in hou3
    assert "*Still open (5)*" in text_of(page) and "• *HOU-8*" in text_of(page)
    slack.click("UPOC", page, "review_all", ephemeral=True)
    assert "Review · TX" in text_of(fake.ephemerals("UPOC")[-1])


def test_accept_records_the_version_seen_and_a_second_click_nothing(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    answer(slack, fake, "UAG1", ["tier_2"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click("UPOC", item(page, "HOU-1"), "review_accept", ephemeral=True)
    redrawn = fake.ephemerals("UPOC")[-1]
    assert ":white_check_mark: Accepted" in text_of(item(redrawn, "HOU-1"))
    assert [b["action_id"] for b, _ in buttons(item(redrawn, "HOU-1"))] == ["review_changes"]
    slack.click("UPOC", item(page, "HOU-1"), "review_accept", ephemeral=True)
    with db() as s:
        rows = list(s.scalars(select(Review)))
        assert [(r.version, r.decision, r.reviewed_by) for r in rows] == [(1, "accepted", "UPOC")]


def test_asking_for_changes_dms_the_answerer_and_their_fix_shows_up_again(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    answer(slack, fake, "UAG1", ["tier_2", "tier_2"])
    thread_ts = fake.messages("C0WALK", top_level_only=True)[0]["ts"]
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    transcript.new()
    slack.click("UPOC", item(page, "HOU-2"), "review_changes", ephemeral=True)
    transcript.expect("views.open")
    modal = fake.views("UPOC")[-1]
    assert "Current answer: *Tier II: established practice*, by <@UAG1>" in text_of(modal["view"])
    response = slack.submit("UPOC", modal, {"review_comment": {"review_comment_input": "  "}})
    assert "review_comment" in response.body and "errors" in response.body
    transcript.expect()
    typed = "<!channel> Is the pilot statewide? & funded?"
    slack.submit("UPOC", modal, {"review_comment": {"review_comment_input": typed}})
    transcript.expect("conversations.open", "chat.postMessage", "response_url")
    dm = fake.messages(fake.dm_channel("UAG1"))[-1]
    shown = text_of(dm)
    assert "&lt;!channel&gt; Is the pilot statewide? &amp; funded?" in shown
    assert "<!channel>" not in str(dm)
    assert f"C0WALK/p{thread_ts.replace('.', '')}" in shown and "`/assess housing HOU-2`" in shown
    assert "identify a child or youth" in shown
    redrawn = fake.ephemerals("UPOC")[-1]
    assert "Changes asked: “&lt;!channel&gt; Is the pilot" in text_of(item(redrawn, "HOU-2"))

    clock.advance(hours=2)
    question = walk(slack, fake, "UAG1", "housing HOU-2")
    slack.click("UAG1", question, "walk_answer:tier_1")
    again = open_topic(slack, fake, review(slack, fake), "Housing")
    hou2 = text_of(item(again, "HOU-2"))
    assert "Changed after your last decision" in hou2 and "was *Tier II" in hou2
    assert [b["action_id"] for b, _ in buttons(item(again, "HOU-2"))] == [
        "review_accept",
        "review_changes",
    ]
    with db() as s:
        assert [(r.decision, r.comment) for r in s.scalars(select(Review))] == [("changes", typed)]
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_stale_review_button_records_nothing(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    answer(slack, fake, "UAG1", ["tier_2"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    question = walk(slack, fake, "UAG1", "housing HOU-1")
    slack.click("UAG1", question, "walk_answer:not_yet")
    slack.click("UPOC", item(page, "HOU-1"), "review_accept", ephemeral=True)
    assert "HOU-1 changed since this review was shown" in text_of(fake.ephemerals("UPOC")[-1])
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Review)) == 0


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("UAG1", "Only your state's point of contact"),
        ("UOTHER", "You take part for CA, not for TX"),
        ("UCOM", "point of contact"),
        ("USTRANGER", "not a participant"),
    ],
)
def test_only_the_poc_reviews(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    user: str,
    expected: str,
) -> None:
    answer(slack, fake, "UAG1", ["tier_2"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click(user, item(page, "HOU-1"), "review_accept", ephemeral=True)
    assert expected in text_of(fake.ephemerals(user)[-1])
    slack.click(user, item(page, "HOU-1"), "review_changes", ephemeral=True)
    assert expected in text_of(fake.ephemerals(user)[-1])
    assert fake.views(user) == []
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Review)) == 0
