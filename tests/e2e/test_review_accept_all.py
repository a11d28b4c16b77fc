"""Accept all on a topic's review page: one confirmed click accepts every answer the POC has not
reviewed yet, as shown; each acceptance is recorded like a single Accept."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import Answer, Review
from tests.e2e.test_review import answer, open_topic, review, walk
from tests.slack_driver import SlackDriver, buttons, text_of


def accepted(db: sessionmaker[Session]) -> list[tuple[str, int, str]]:
    with db() as s:
        rows = s.execute(
            select(Answer.recommendation_id, Review.version, Review.reviewed_by)
            .join(Review, Review.answer_id == Answer.id)
            .where(Review.decision == "accepted")
            .order_by(Review.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_accept_all_accepts_what_was_shown_once_and_skips_what_changed(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    answer(slack, fake, "UAG1", ["tier_2", "not_yet", "tier_1"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    (button,) = [b for b, _ in buttons(page) if b["action_id"] == ids.REVIEW_ACCEPT_ALL]
    assert button["text"]["text"] == "Accept all 3 not reviewed"
    assert "3 answers in Housing" in button["confirm"]["text"]["text"]
    slack.click("UAG1", walk(slack, fake, "UAG1", "housing HOU-2"), "walk_answer:tier_2")
    slack.click("UPOC", page, ids.REVIEW_ACCEPT_ALL, ephemeral=True)
    assert accepted(db) == [("HOU-1", 1, "UPOC"), ("HOU-3", 1, "UPOC")]
    redrawn = fake.ephemerals("UPOC")[-1]
    assert text_of(redrawn).count(":white_check_mark: Accepted") == 2
    again = [b for b, _ in buttons(redrawn) if b["action_id"] == ids.REVIEW_ACCEPT_ALL]
    assert again == []  # only HOU-2 is left to review: its own Accept does
    slack.click("UPOC", page, ids.REVIEW_ACCEPT_ALL, ephemeral=True)  # the old page, again
    assert len(accepted(db)) == 2


def test_accept_all_is_the_pocs(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    answer(slack, fake, "UAG1", ["tier_2", "not_yet"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click("UAG1", page, ids.REVIEW_ACCEPT_ALL, ephemeral=True)
    assert "Only your state's point of contact" in text_of(fake.ephemerals("UAG1")[-1])
    assert accepted(db) == []
