"""Deadline reminders as people meet them: a digest DM at 09:00 their time, whose buttons resume a
walk, snooze it, or mark them away; over signed HTTP against the Slack stand-in."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.jobs import remind
from sandbox.slack import FakeSlack
from store.models import Participant
from tests.clock import Clock
from tests.e2e.conftest import RunningBot
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of

WEDNESDAY_0845_TEXAS = datetime(2027, 3, 24, 13, 45, tzinfo=UTC)  # a week before the deadline


@pytest.fixture
def texas(db: sessionmaker[Session], clock: Clock) -> None:
    add_cycle(db, now=clock.now)  # due Wednesday 31 March 2027
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    add_participant(
        db, "UAG1", "TX", "agency", now=clock.now, topics=["housing"], agency="TX Housing Authority"
    )
    clock.now = WEDNESDAY_0845_TEXAS


def digests(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages(fake.dm_channel(user)) if "reminder" in text_of(m)]


def sent_to(bot: RunningBot) -> list[str]:
    return [o.planned.recipient for o in remind(bot.app.deps) if o.status == "sent"]


def test_the_digest_comes_at_nine_and_continue_resumes_the_walk(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    clock: Clock,
    texas: None,
    transcript: Transcript,
) -> None:
    assert sent_to(bot) == []  # 08:45 in Texas
    transcript.expect("users.info", "users.info")  # the Slack zones, looked up once and kept
    clock.advance(minutes=15)
    assert sent_to(bot) == ["UPOC", "UAG1"]
    transcript.expect(
        "conversations.open", "chat.postMessage", "conversations.open", "chat.postMessage"
    )
    (digest,) = digests(fake, "UAG1")
    shown = text_of(digest)
    assert "Self-assessment reminder · Texas" in shown
    assert "*7 days left.* 2027 State Self-Assessment is due Wed 31 Mar 2027" in shown
    assert "*Housing*\n0 of 8 answered" in shown and "Child Welfare" not in shown
    assert "identify a child or youth" in shown and "Draft wording" in shown
    assert [b["text"]["text"] for b, _ in buttons(digest)] == [
        "Start",
        "Snooze 1 day",
        "Snooze until Monday",
        "Away until…",
    ]
    assert "12 topic areas still open" in digests(fake, "UPOC")[0]["text"]

    slack.click("UAG1", digest, lambda b: b.get("value") == "housing")
    transcript.expect("chat.postMessage", "chat.postMessage")
    walk = fake.messages(fake.dm_channel("UAG1"), top_level_only=True)[-1]
    assert "Housing · TX" in text_of(walk)
    question = fake.messages(walk["channel"], thread_ts=walk["ts"])[-1]
    assert question["text"].startswith("HOU-1")

    clock.advance(minutes=15)
    assert sent_to(bot) == []  # never twice on one local date
    transcript.expect()


def test_snooze_one_day_brings_the_digest_back_tomorrow_at_nine(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    clock: Clock,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    clock.advance(minutes=15)
    sent_to(bot)
    (digest,) = digests(fake, "UAG1")
    slack.click("UAG1", digest, "snooze_day")
    assert "Snoozed: no reminders before" in text_of(fake.ephemerals("UAG1")[-1])
    with db() as session:
        snoozed = session.scalars(
            select(Participant.snoozed_until).where(Participant.slack_user_id == "UAG1")
        ).one()
    assert snoozed == datetime(2027, 3, 25, 14, tzinfo=UTC)  # Thursday 09:00 in Texas

    clock.now = datetime(2027, 3, 25, 14, tzinfo=UTC)
    assert sent_to(bot) == ["UAG1"]  # Thursday is no reminder day; the snooze brought it back
    assert len(digests(fake, "UAG1")) == 2 and len(digests(fake, "UPOC")) == 1


def test_snooze_until_monday_skips_fridays_digest(
    bot: RunningBot, slack: SlackDriver, fake: FakeSlack, clock: Clock, texas: None
) -> None:
    clock.advance(minutes=15)
    sent_to(bot)
    slack.click("UAG1", digests(fake, "UAG1")[0], "snooze_monday")
    clock.now = datetime(2027, 3, 26, 14, tzinfo=UTC)  # Friday: three days before (Sunday) moved
    assert sent_to(bot) == ["UPOC"]
    clock.now = datetime(2027, 3, 29, 14, tzinfo=UTC)  # Monday 09:00
    assert sent_to(bot) == ["UAG1"]


def test_away_until_a_date_from_the_digest_silences_reminders_until_then(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    clock: Clock,
    texas: None,
    transcript: Transcript,
) -> None:
    clock.advance(minutes=15)
    sent_to(bot)
    transcript.new()
    slack.click("UAG1", digests(fake, "UAG1")[0], "away_open")
    transcript.expect("views.open")
    modal = fake.views("UAG1")[-1]
    assert modal["view"]["title"]["text"] == "Away"

    refused = slack.submit("UAG1", modal, {"away_block": {"away_date": _picked("2026-01-01")}})
    errors = json.loads(refused.body)
    assert errors["response_action"] == "errors"
    assert errors["errors"]["away_block"].startswith("Pick a day from today")

    slack.submit("UAG1", modal, {"away_block": {"away_date": _picked("2027-03-30")}})
    assert "no reminders before Tue 30 Mar 2027" in text_of(fake.ephemerals("UAG1")[-1])

    clock.now = datetime(2027, 3, 26, 14, tzinfo=UTC)
    assert sent_to(bot) == ["UPOC"]
    clock.now = datetime(2027, 3, 30, 14, tzinfo=UTC)  # back: the day-before digest arrives
    assert sent_to(bot) == ["UPOC", "UAG1"]


def test_away_from_app_home_opens_the_same_form_and_clears_with_an_empty_date(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    clock: Clock,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    slack.open_home("UPOC")
    slack.click_home("UPOC", "away_open")
    slack.submit("UPOC", fake.views("UPOC")[-1], {"away_block": {"away_date": "2027-04-02"}})
    assert "away until Fri 2 Apr 2027" in text_of(fake.home("UPOC") or {})
    slack.click_home("UPOC", "away_open")
    again = fake.views("UPOC")[-1]
    assert again["view"]["blocks"][1]["element"]["initial_date"] == "2027-04-02"
    slack.submit("UPOC", again, {"away_block": {"away_date": None}})
    assert "Away cleared" in text_of(fake.ephemerals("UPOC")[-1])
    assert "away until" not in text_of(fake.home("UPOC") or {})
    with db() as session:
        away = session.scalars(
            select(Participant.away_until).where(Participant.slack_user_id == "UPOC")
        ).one()
    assert away is None


def test_someone_who_is_not_a_participant_cannot_snooze(
    bot: RunningBot,
    slack: SlackDriver,
    fake: FakeSlack,
    clock: Clock,
    texas: None,
) -> None:
    clock.advance(minutes=15)
    sent_to(bot)
    slack.click("USTRANGER", digests(fake, "UAG1")[0], "snooze_day")
    # The stranger is not in that DM, so the refusal reaches them in their own DM instead.
    refusal = fake.messages(fake.dm_channel("USTRANGER"))[-1]
    assert "not a participant" in text_of(refusal)


def test_the_digest_counts_follow_answers(
    bot: RunningBot, slack: SlackDriver, fake: FakeSlack, clock: Clock, texas: None
) -> None:
    clock.advance(minutes=15)
    sent_to(bot)
    digest = digests(fake, "UAG1")[0]
    slack.click("UAG1", digest, lambda b: b.get("value") == "housing")
    walk = fake.messages(fake.dm_channel("UAG1"), top_level_only=True)[-1]
    for _ in range(3):
        question = fake.messages(walk["channel"], thread_ts=walk["ts"])[-1]
        slack.click("UAG1", question, "walk_answer:tier_1")
    clock.now = datetime(2027, 3, 26, 14, tzinfo=UTC)
    assert "UAG1" in sent_to(bot)
    latest = digests(fake, "UAG1")[-1]
    assert "*Housing*\n3 of 8 answered" in text_of(latest)
    assert buttons(latest)[0][0]["text"]["text"] == "Continue"


def _picked(day: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": day}
