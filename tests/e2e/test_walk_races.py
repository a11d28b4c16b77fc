"""Clicks racing each other and a submission: every click recorded in order, nothing after the
hand-in, no apologies; the message redrawn is always the walk's own."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, Cycle, Jurisdiction, Submission
from tests.clock import Clock
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of


def test_twenty_parallel_clicks_by_two_people_are_all_recorded_in_order(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    values = [o.value for o in catalog.scale]
    clicks = [(("UPOC", "UAG1")[i % 2], values[i % len(values)]) for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(
            pool.map(lambda c: slack.click(c[0], question, f"walk_answer:{c[1]}"), clicks)
        )
    assert [r.status for r in replies] == [200] * 20
    assert fake.ephemerals() == [], "no apology, no refusal"
    with db() as s:
        rows = list(s.scalars(select(AnswerHistory).order_by(AnswerHistory.id)))
        answer = s.scalars(select(Answer)).one()
    assert [h.version for h in rows] == list(range(1, len(rows) + 1)) and answer.version == len(
        rows
    )
    assert all(a.after_status == b.before_status for a, b in pairwise(rows))
    assert {(h.changed_by, h.after_status) for h in rows} == set(clicks), "every click recorded"
    assert (answer.status, answer.answered_by) == (rows[-1].after_status, rows[-1].changed_by)
    assert [m["text"][:6] for m in thread(fake, parent)] == ["HOU-1 ", "HOU-2 "]
    assert live_questions(fake, parent) == ["HOU-2"]


def test_a_double_click_is_recorded_once_with_one_next_question(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    slack.click("UPOC", question, "walk_answer:tier_1")
    transcript.new()
    slack.click("UPOC", question, "walk_answer:tier_1")
    # Nothing recorded, nothing posted; the clicked copy is drawn once more as answered (the bot
    # cannot tell a double click from a click on a copy whose redraw Slack refused).
    transcript.expect("chat.update")
    assert [m["text"][:6] for m in thread(fake, parent)] == ["HOU-1 ", "HOU-2 "]
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 1


def wait_until_blocked(db: sessionmaker[Session], side: Session) -> None:
    """Until the click waits for the lock the open submission holds (PostgreSQL shows it; on
    SQLite the click sleeps in the busy handler, which nothing reports)."""
    if side.get_bind().dialect.name != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 10
    with db() as probe:
        while time.monotonic() < deadline:
            waiting = probe.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            )
            probe.rollback()
            if waiting:
                return
            time.sleep(0.02)
    raise AssertionError("the click never waited for the submission's lock")


def test_an_answer_racing_the_submission_is_refused_and_nothing_is_written(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    with db() as side:  # the POC's confirmation, between taking the lock and committing
        side.execute(
            update(Jurisdiction).where(Jurisdiction.code == "TX").values(tz=Jurisdiction.tz)
        )
        cycle = side.scalars(select(Cycle.id)).one()
        side.add(
            Submission(
                cycle_id=cycle, jurisdiction_code="TX", submitted_by="UPOC", submitted_at=clock.now
            )
        )
        side.flush()
        click = threading.Thread(target=slack.click, args=("UAG1", question, "walk_answer:tier_2"))
        click.start()
        wait_until_blocked(db, side)
        side.commit()
    click.join()
    assert "was submitted" in text_of(fake.ephemerals("UAG1")[-1])
    assert live_questions(fake, parent) == ["HOU-1"]
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 0


def test_a_forged_container_never_redraws_another_states_message(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    california = thread(fake, start(slack, fake, user="UOTHER"))[-1]
    parent = start(slack, fake)
    texas_question = thread(fake, parent)[-1]
    forged = {**texas_question, "ts": california["ts"]}
    slack.click("UPOC", forged, "walk_answer:tier_2")
    assert fake.message(california["channel"], california["ts"]) == california
    assert "by <@UPOC>" in text_of(fake.message(parent["channel"], texas_question["ts"]))
