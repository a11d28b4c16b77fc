"""The status post reads well in a channel: totals and what changed, in-progress jurisdictions
with their share, submitted ones with their date, the not started as one line of codes, and
every jurisdiction's numbers once as a reply in the thread; within Slack's limits at 56."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.jurisdictions import JURISDICTIONS
from tests.reminder_world import answer_topics, submit
from tests.reporting.test_status_weekly import CHANNEL, MONDAY, cycle, env, fake, posts, run
from tests.slack_driver import text_of
from tests.unit.test_status_post import validate_message_blocks

__all__ = ["cycle", "env", "fake"]
CODES = [j[0] for j in JURISDICTIONS]


def table_replies(fake: FakeSlack, post: dict[str, object]) -> list[str]:
    replies = fake.messages(CHANNEL, thread_ts=str(post["ts"]))
    return [str(r["text"]) for r in replies if str(r["text"]).startswith("Every jurisdiction")]


def test_the_post_groups_jurisdictions_and_the_thread_has_the_table_once(
    env: None, fake: FakeSlack, catalog: Catalog
) -> None:
    run(MONDAY)
    (post,) = posts(fake)
    blocks = post["blocks"]
    assert isinstance(blocks, list)
    validate_message_blocks(blocks)
    shown = text_of(post)
    assert "answered (0%) · not started" not in shown and "0/127" not in shown
    share = f"{(127 - len(catalog.in_topic(catalog.topics[0].slug))) / 127:.0%}"
    assert f"• *Ohio* (OH) {share}" in shown and f"• *Texas* (TX) {share}" in shown
    assert "• *California* (CA) on Mon 1 Mar 2027" in shown
    codes = sorted(set(CODES) - {"CA", "OH", "TX"})
    assert f"*Not started (53):* {', '.join(codes)}" in shown
    (table,) = table_replies(fake, post)
    lines = table.splitlines()
    assert lines[0] == "Every jurisdiction, 2027 State Self-Assessment (56 jurisdictions, by name):"
    assert len([line for line in lines if "/127" in line]) == 56
    assert any(line.startswith("GU  Guam") and "not started" in line for line in lines)
    run(MONDAY + timedelta(hours=2))  # the same day again: nothing is posted twice
    assert len(posts(fake)) == 1 and len(table_replies(fake, post)) == 1


def test_the_next_post_says_what_changed(
    env: None, fake: FakeSlack, sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    run(MONDAY)
    answer_topics(sessions, catalog, cycle, "WA", [catalog.topics[0].slug], now=MONDAY)
    submit(sessions, cycle, "TX", now=MONDAY + timedelta(days=2))
    run(MONDAY + timedelta(days=7))
    shown = text_of(posts(fake)[-1])
    assert "Since the last post: +1 submitted: TX; +1 started: WA;" in shown


def test_every_jurisdiction_in_progress_or_submitted_fits_slacks_limits(
    env: None, fake: FakeSlack, sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    first = catalog.topics[0].slug
    for code in CODES:
        answer_topics(sessions, catalog, cycle, code, [first], now=MONDAY)
    run(MONDAY)
    busy = posts(fake)[-1]
    assert isinstance(busy["blocks"], list)
    validate_message_blocks(busy["blocks"])
    assert text_of(busy).count("• *") == 56  # 55 in progress, CA submitted
    for code in CODES:
        if code != "CA":
            submit(sessions, cycle, code, now=MONDAY + timedelta(days=1))
    run(MONDAY + timedelta(days=7))
    done = posts(fake)[-1]
    assert isinstance(done["blocks"], list)
    validate_message_blocks(done["blocks"])
    assert "*Submitted (56)*" in text_of(done) and text_of(done).count("• *") == 56
