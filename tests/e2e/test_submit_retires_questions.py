"""A state submits while an agency's question still offers answers in its thread (the point of
contact covered the rest and handed in): the answers are locked, so that question loses its
buttons at once, instead of staying live and refusing every click. Retiring goes through the
outbox: a question a click was still posting when the state submitted is waited for."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.delivery import QUESTION_TIMEOUTS, drain
from bot.workflows.cycles import open_cycle
from bot.workflows.walk import answers
from sandbox.driver import SlackDriver as Sender
from sandbox.slack import FakeSlack
from store.models import OutboxMessage, Walk
from tests.clock import Clock
from tests.e2e.conftest import SECRET, RunningBot
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


def test_a_question_still_being_posted_when_the_state_submits_is_retired_once_it_shows(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    """A click commits and moves the walk to the next question; before Slack has that question,
    someone else answers it and the state submits. The submission's sweep cannot see it yet:
    the outbox row looks again once the click has posted it."""
    fill(db, catalog, clock.now, leave_open=2)
    first, second = catalog.recommendations[-2:]
    assert first.topic == second.topic
    slack.command("UPOC", first.topic)
    question = fake.messages("C0WALK")[-1]
    thread = question["thread_ts"]
    posting = fake.hold("chat.postMessage")
    eager = Sender(bot.url, SECRET, fake, wait=lambda: None)  # the held click stays in the pool
    eager.click("UPOC", question, "walk_answer:tier_1")
    assert posting.arrived.wait(10), "the click posts the next question"
    _answered_elsewhere(db, second.id, clock)
    looked = len(fake.calls("conversations.replies"))
    eager.command("UPOC", "submit")
    fake.wait_for(lambda: bool(fake.open_views("UPOC")))
    eager.submit("UPOC", fake.open_views("UPOC")[-1], {})
    fake.wait_for(lambda: len(fake.calls("conversations.replies")) > looked)
    posting.release()
    bot.app.wait_idle()
    late = fake.messages("C0WALK", thread_ts=thread)[-1]
    assert second.id in late["text"] and answer_buttons(late), "posted after the sweep looked"
    assert (_retire_row(db).status, _retire_row(db).attempts) == ("pending", 0)
    clock.advance(seconds=5)
    drain(db, bot.app.deps.client, now=clock)
    assert answer_buttons(fake.message("C0WALK", late["ts"])) == []
    assert _retire_row(db).status == "sent"


def test_a_question_that_never_shows_is_given_up_once_its_click_would_have(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    """The click's post of the next question failed (the person was told to repair the thread):
    the retire row waits for it a while, without counting failed attempts, then is done."""
    fill(db, catalog, clock.now, leave_open=2)
    first, second = catalog.recommendations[-2:]
    slack.command("UPOC", first.topic)
    question = fake.messages("C0WALK")[-1]
    fake.fail("chat.postMessage")  # the click's post of the next question
    slack.click("UPOC", question, "walk_answer:tier_1")
    _answered_elsewhere(db, second.id, clock)
    submit(slack, fake)
    client = bot.app.deps.client
    since = datetime.fromisoformat(_retire_row(db).payload["waiting_since"])
    limit = timedelta(seconds=QUESTION_TIMEOUTS * client.timeout)
    for waited in (timedelta(seconds=5), limit - timedelta(seconds=1)):
        clock.advance(seconds=5)
        report = drain(db, client, now=clock, lease_clock=lambda w=waited: since + w)
        assert (report.retry, report.sent) == ([_retire_row(db).idempotency_key], [])
    clock.advance(seconds=5)
    report = drain(db, client, now=clock, lease_clock=lambda: since + limit)
    assert report.sent == [_retire_row(db).idempotency_key]
    row = _retire_row(db)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")  # the last attempt only


def _answered_elsewhere(db: sessionmaker[Session], rec_id: str, clock: Clock) -> None:
    """Another person answers it in their own walk (the point of contact covering the rest)."""
    with db() as s, s.begin():
        cycle = open_cycle(s)
        assert cycle is not None
        answers.record(
            s, cycle_id=cycle.id, jurisdiction="TX", rec_id=rec_id, actor="UPOC", agency="",
            source="button", now=clock.now, status="tier_2",
        )  # fmt: skip


def _retire_row(db: sessionmaker[Session]) -> OutboxMessage:
    with db() as s:
        return s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "retire")).one()
