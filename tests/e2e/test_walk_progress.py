"""The topic message's progress stays current: redrawn once clicking pauses, through the outbox
and its pacer, one redraw in flight per message, and at once when the topic is finished."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import BotApp
from bot.dispatcher import dispatch
from bot.workflows.walk.live_progress import PAUSE
from sandbox.slack import FakeSlack
from store.models import OutboxMessage
from tests.clock import Clock
from tests.e2e.conftest import RunningBot
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of


def progress(fake: FakeSlack, parent: dict) -> str:
    return text_of(fake.message(parent["channel"], parent["ts"]))


def run_clock(app: BotApp) -> list[str]:
    return dispatch(app.deps, follow=False).sent


def test_progress_is_redrawn_after_a_pause_in_clicking(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    bot: RunningBot,
    clock: Clock,
    transcript: Transcript,
) -> None:
    parent = start(slack, fake)
    for _ in range(3):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    assert "0 of 8 answered" in progress(fake, parent)
    transcript.new()
    assert run_clock(bot.app) == [], "still clicking: nothing yet"
    clock.advance(seconds=PAUSE.total_seconds() - 1)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    clock.advance(seconds=PAUSE.total_seconds() - 1)
    assert run_clock(bot.app) == [], "each click pushes the redraw a pause further"
    transcript.new()
    clock.advance(seconds=2)
    assert len(run_clock(bot.app)) == 1
    transcript.expect("chat.update")
    assert "4 of 8 answered" in progress(fake, parent)
    assert run_clock(bot.app) == [], "redrawn once"


def test_one_redraw_in_flight_per_message(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    bot: RunningBot,
    clock: Clock,
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    clock.advance(seconds=PAUSE.total_seconds() + 1)
    fake.fail("chat.update", status=500)
    run_clock(bot.app)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    clock.advance(seconds=PAUSE.total_seconds() + 1)
    run_clock(bot.app)
    with bot.app.deps.sessions() as s:
        rows = s.scalars(
            select(OutboxMessage.status).where(OutboxMessage.kind == "walk_progress")
        ).all()
    assert rows == ["pending"], "the second redraw waits for the first"
    for _ in range(4):  # the failed redraw is retried, then the next one is queued and sent
        clock.advance(seconds=120)
        run_clock(bot.app)
    assert "2 of 8 answered" in progress(fake, parent)
