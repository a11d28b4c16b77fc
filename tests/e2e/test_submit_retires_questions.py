"""A state submits while an agency's question still offers answers in its thread (the point of
contact covered the rest and handed in): the answers are locked, so that question loses its
buttons at once, instead of staying live and refusing every click."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.models import Walk
from tests.clock import Clock
from tests.e2e.test_submission import fill, submit
from tests.slack_driver import SlackDriver, buttons


def answer_buttons(message: dict) -> list[str]:
    return [b["action_id"] for b, _ in buttons(message) if b["action_id"].startswith("walk_answer")]


def test_submitting_retires_every_live_question_of_the_state(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    fill(db, catalog, clock.now)
    slack.command("UAG1", "housing HOU-1")
    question = fake.messages("C0WALK")[-1]
    assert answer_buttons(question)
    submit(slack, fake)
    assert answer_buttons(fake.message(question["channel"], question["ts"])) == []
    with db() as s:
        assert s.scalars(select(Walk.current_recommendation_id)).all() == [None]


def test_submitting_retires_a_question_whose_redraw_slack_refused(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    """The last answer of a topic is stored but Slack refuses its redraw: the walk asks nothing
    more, yet the message still offers answers until the state submits."""
    fill(db, catalog, clock.now, leave_open=1)
    last = catalog.recommendations[-1]
    slack.command("UPOC", last.topic)
    question = fake.messages("C0WALK")[-1]
    fake.fail("chat.update")
    slack.click("UPOC", question, "walk_answer:tier_1")
    assert answer_buttons(fake.message(question["channel"], question["ts"]))
    submit(slack, fake)
    assert answer_buttons(fake.message(question["channel"], question["ts"])) == []
