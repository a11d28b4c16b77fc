"""The Committee's status post: one progress summary a day at most, in the Committee channel,
within Slack's block limits; `run status-post` and the clock's Monday job."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from sqlalchemy.orm import Session, sessionmaker

from bot.__main__ import main
from bot.catalog import Catalog
from bot.cli.clock import build_scheduler
from bot.jobs import make_deps
from bot.settings import Settings
from bot.workflows.reporting.status_post import status_post
from sandbox.slack import FakeSlack
from tests.reminder_world import answer_topics, composer, open_cycle, queued, submit

NOW = datetime(2027, 3, 1, 15, tzinfo=UTC)  # a Monday, 10:00 in New York
CHANNEL = "CCOMMITTEE"


def post(
    sessions: sessionmaker[Session], catalog: Catalog, now: datetime, channel: str = CHANNEL
) -> str | None:
    with sessions() as session, session.begin():
        return status_post(session, catalog, composer(catalog), committee_channel=channel, now=now)


def validate_message_blocks(blocks: list[dict[str, Any]]) -> None:
    """Slack's own checks (slack_sdk's block models) plus the 50-block message limit."""
    assert 0 < len(blocks) <= 50
    for raw in blocks:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an unknown block type only warns
            block = Block.parse(raw)
        assert block is not None, raw
        block.to_dict()  # raises SlackObjectFormationError on any limit
        assert len(raw.get("text", {}).get("text", "")) <= 3000


@pytest.fixture
def cycle(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    """Texas has answered every topic but one, California has submitted."""
    cycle_id = open_cycle(sessions, now=NOW - timedelta(days=30), name="2027 <!channel> & co")
    slugs = [t.slug for t in catalog.topics]
    answer_topics(sessions, catalog, cycle_id, "TX", slugs[1:], now=NOW)
    answer_topics(sessions, catalog, cycle_id, "CA", slugs, now=NOW)
    submit(sessions, cycle_id, "CA", now=NOW)
    return cycle_id


def test_the_post_is_queued_once_per_new_york_day(
    cycle: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    key = post(sessions, catalog, NOW)
    assert key == f"status-post:{cycle}:2027-03-01"
    # 22:30 in New York is still Monday there, though it is Tuesday in UTC.
    assert post(sessions, catalog, datetime(2027, 3, 2, 3, 30, tzinfo=UTC)) == key
    assert [row.idempotency_key for row in queued(sessions, "status_post")] == [key]
    assert [row.idempotency_key for row in queued(sessions, "status_chart")] == [
        f"status-chart:{cycle}:2027-03-01"
    ]
    tuesday = post(sessions, catalog, NOW + timedelta(days=1))
    assert tuesday == f"status-post:{cycle}:2027-03-02"
    rows = queued(sessions, "status_post")
    assert [(r.kind, r.recipient, r.status) for r in rows] == [
        ("status_post", CHANNEL, "pending")
    ] * 2


def test_nothing_is_queued_without_a_channel_or_an_open_cycle(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    assert post(sessions, catalog, NOW) is None  # no cycle yet
    open_cycle(sessions, now=NOW)
    assert post(sessions, catalog, NOW, channel="") is None
    assert queued(sessions) == []


def test_the_post_counts_every_jurisdiction_within_slack_limits(
    cycle: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    post(sessions, catalog, NOW)
    (row,) = queued(sessions, "status_post")
    blocks, text = row.payload["blocks"], row.payload["text"]
    validate_message_blocks(blocks)
    assert text == (
        "Self-assessment progress, 2027 &lt;!channel&gt; &amp; co: 1 of 56 jurisdictions "
        "submitted, 1 in progress (0 fully answered but not submitted), 54 not started. "
        "First status post of this cycle."
    )
    assert "<!channel>" not in str(blocks)
    shown = " ".join(str(b.get("text", {}).get("text", "")) for b in blocks)
    open_left = len(catalog.in_topic(catalog.topics[0].slug))
    share = f"{(127 - open_left) / 127:.0%}"
    assert f"• *Texas* (TX) {share} · {127 - open_left}/127" in shown
    assert "• *California* (CA) on Mon 1 Mar 2027" in shown
    assert "*Not started (54):* AK, AL, AR, AS, AZ, CO" in shown and "GU" in shown
    assert len(blocks) == 8
    summary = blocks[1]["text"]["text"]
    assert "*1 of 56 jurisdictions* submitted · 1 in progress" in summary
    assert "54 not started" in summary
    assert f"{127 * 2 - open_left} of {127 * 56} recommendations answered" in summary
    assert "identify a child or youth" in str(blocks[-1])


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_channel(CHANNEL)
        yield fake


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, db_url: str, fake: FakeSlack, cycle: int) -> None:
    for name, value in {
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": "xoxb-cli",
        "SLACK_API_URL": fake.base_url,
        "COMMITTEE_CHANNEL": CHANNEL,
    }.items():
        monkeypatch.setenv(name, value)


def test_run_status_post_sends_once_a_day(
    environment: None,
    capsys: pytest.CaptureFixture[str],
    fake: FakeSlack,
    sessions: sessionmaker[Session],
    cycle: int,
) -> None:
    key = f"status-post:{cycle}:2027-03-01"
    assert main(["run", "status-post", "--now", "2027-03-01T10:00:00-05:00", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"would send {key} to {CHANNEL}: Self-assessment progress")
    assert queued(sessions) == []
    assert "would send a progress chart to" in out
    assert main(["run", "status-post", "--now", "2027-03-01T10:00:00-05:00"]) == 0
    chart, table = f"status-chart:{cycle}:2027-03-01", f"status-table:{cycle}:2027-03-01"
    assert capsys.readouterr().out == (
        f"sent       {key} to {CHANNEL}\nsent       {chart}\nsent       {table}\n"
    )
    assert main(["run", "status-post", "--now", "2027-03-01T20:00:00-05:00"]) == 0
    assert capsys.readouterr().out.startswith(f"already    {key} was queued earlier")
    message, picture = fake.messages(CHANNEL, top_level_only=True)
    (table,) = fake.messages(CHANNEL, thread_ts=message["ts"])
    assert table["text"].startswith("Every jurisdiction")
    assert message["blocks"][0]["text"]["text"].startswith("Self-assessment progress")
    assert picture["files"][0]["name"] == "progress-2027-03-01.png"
    assert fake.invalid == []


def test_run_status_post_explains_a_missing_channel(
    environment: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMITTEE_CHANNEL", "")
    assert main(["run", "status-post"]) == 0
    assert capsys.readouterr().out == "COMMITTEE_CHANNEL is not set; nothing to post.\n"


def test_the_clock_posts_on_mondays_at_nine_in_new_york(db_url: str) -> None:
    settings = Settings(_env_file=None, DATABASE_URL=db_url)  # type: ignore[call-arg]
    job = build_scheduler(make_deps(settings), start=NOW).get_job("status-post")
    assert job is not None and (job.coalesce, job.max_instances) == (True, 1)
    after_now = job.trigger.get_next_fire_time(None, NOW)
    assert after_now == datetime(2027, 3, 8, 14, tzinfo=UTC)  # 09:00 EST
    after_dst = job.trigger.get_next_fire_time(None, datetime(2027, 3, 15, tzinfo=UTC))
    assert after_dst == datetime(2027, 3, 15, 13, tzinfo=UTC)  # 09:00 EDT
