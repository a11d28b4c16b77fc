"""The App Home's lists read as lists: one change per line, people named as soon as invited."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.e2e.test_home import home, thread_question
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, text_of


@pytest.fixture
def texas(db: sessionmaker[Session], clock: Clock) -> int:
    cycle_id = add_cycle(db, now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    add_participant(
        db, "UAG1", "TX", "agency", now=clock.now, topics=["housing"], agency="TX Housing Authority"
    )
    return cycle_id


def test_each_recent_change_is_its_own_bullet(
    slack: SlackDriver, fake: FakeSlack, texas: int, catalog: Catalog, clock: Clock
) -> None:
    slack.command("UAG1", "housing", channel="C0AG1")
    first = thread_question(fake, "C0AG1")
    slack.click("UAG1", first, "walk_answer:unsure")
    clock.advance(minutes=1)
    slack.click("UAG1", fake.message("C0AG1", first["ts"]), "walk_notes")
    slack.submit(
        "UAG1",
        fake.views("UAG1")[-1],
        {"notes": {"notes_input": "Asking the county."}, "resources": {"resources_input": ""}},
    )
    clock.advance(minutes=1)
    slack.click("UAG1", thread_question(fake, "C0AG1"), "walk_answer:not_yet")
    shown = text_of(home(slack, fake, "UPOC")).split("Recent changes by others")[1]
    unsure, not_yet = catalog.scale_label("unsure"), catalog.scale_label("not_yet")
    who = "UAG1 (TX Housing Authority)"
    lines = [line for line in shown.splitlines() if "•" in line]
    assert f"• *HOU-2* answered by {who} — *{not_yet}*" in lines
    assert f"• *HOU-1* notes changed by {who} — still *{unsure}*" in lines
    assert all(line.count("•") == 1 for line in lines)
