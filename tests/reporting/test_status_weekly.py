"""The richer status post, sent through the fake Slack: exact counts and the diff since the
previous post, the chart through the three upload steps, the overdue thread reply, topic
channels, and a missed Monday post caught up once: when the clock starts, or at the next tick
when the post failed at 09:00."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from bot.__main__ import main
from bot.catalog import Catalog
from bot.cli.clock import build_scheduler, weekly_status_post
from bot.jobs import make_deps
from bot.settings import Settings
from sandbox.slack import FakeSlack
from store.models import Cycle
from tests.db_faults import failing_inserts
from tests.reminder_world import answer_topics, open_cycle, submit

MONDAY = datetime(2027, 3, 1, 15, tzinfo=UTC)  # 10:00 in New York
CHANNEL = "CCOMMITTEE"
UPLOAD_STEPS = ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for channel in (CHANNEL, "CHOUSING"):
            fake.add_channel(channel)
        yield fake


@pytest.fixture
def cycle(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    """OH and TX answer everything but one topic; CA has submitted everything; 53 not started."""
    cycle_id = open_cycle(sessions, now=MONDAY - timedelta(days=30))
    slugs = [t.slug for t in catalog.topics]
    for code in ("OH", "TX"):
        answer_topics(sessions, catalog, cycle_id, code, slugs[1:], now=MONDAY)
    answer_topics(sessions, catalog, cycle_id, "CA", slugs, now=MONDAY)
    submit(sessions, cycle_id, "CA", now=MONDAY)
    return cycle_id


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str, fake: FakeSlack, cycle: int) -> None:
    for name, value in {
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": "xoxb-cli",
        "SLACK_API_URL": fake.base_url,
        "COMMITTEE_CHANNEL": CHANNEL,
        "TOPIC_CHANNELS": "housing=CHOUSING",
    }.items():
        monkeypatch.setenv(name, value)


def run(at: datetime) -> None:
    assert main(["run", "status-post", "--now", at.isoformat()]) == 0


def posts(fake: FakeSlack, channel: str = CHANNEL) -> list[dict[str, object]]:
    return [m for m in fake.messages(channel, top_level_only=True) if not m.get("files")]


def test_counts_then_what_changed_by_the_next_monday(
    env: None, fake: FakeSlack, sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    run(MONDAY)
    (first,) = posts(fake)
    assert first["text"].endswith(
        "1 of 56 jurisdictions submitted, 2 in progress (0 fully answered but not submitted), "
        "53 not started. First status post of this cycle."
    )
    first_topic = catalog.topics[0].slug
    for code in ("TX", "OH"):
        answer_topics(sessions, catalog, cycle, code, [first_topic], now=MONDAY)
        submit(sessions, cycle, code, now=MONDAY + timedelta(days=2))
    answer_topics(sessions, catalog, cycle, "WA", [first_topic], now=MONDAY)
    run(MONDAY + timedelta(days=7))
    second = posts(fake)[-1]
    added = 3 * len(catalog.in_topic(first_topic))
    assert second["text"].endswith(
        f"3 of 56 jurisdictions submitted, 1 in progress (0 fully answered but not submitted), "
        f"52 not started. Since the last post: +2 submitted: OH, TX; +1 started: WA; "
        f"+{added} answers."
    )
    shown = " ".join(str(b.get("text", {}).get("text", "")) for b in second["blocks"])
    assert "• *Texas* (TX) on Wed 3 Mar 2027" in shown


def test_the_chart_goes_up_through_the_three_upload_steps(env: None, fake: FakeSlack) -> None:
    run(MONDAY)
    steps = [c.method for c in fake.calls() if c.method in UPLOAD_STEPS]
    assert steps == UPLOAD_STEPS
    (picture,) = fake.files()
    assert picture["content"].startswith(PNG) and picture["channel"] == CHANNEL
    assert picture["filename"] == "progress-2027-03-01.png"
    (asked,) = fake.calls("files.getUploadURLExternal")
    assert "CA 100%" in str(asked.args["alt_txt"])  # the alt text gives the numbers


def test_overdue_jurisdictions_are_listed_in_the_post_s_thread(env: None, fake: FakeSlack) -> None:
    after_deadline = datetime(2027, 4, 5, 14, tzinfo=UTC)  # a Monday past 2027-03-31
    run(after_deadline)
    (post,) = posts(fake)
    table, reply = fake.messages(CHANNEL, thread_ts=post["ts"])
    assert table["text"].startswith("Every jurisdiction")
    text = reply["text"]
    assert text.startswith("Past the deadline") and "55 jurisdictions:" in text
    assert "• Texas (TX): " in text and "California" not in text


def test_a_topic_channel_gets_its_slice(env: None, fake: FakeSlack, catalog: Catalog) -> None:
    run(MONDAY)
    (slice_,) = fake.messages("CHOUSING")
    housing = len(catalog.in_topic("housing"))
    fields = [f["text"] for b in slice_["blocks"] if b.get("fields") for f in b["fields"]]
    assert len(fields) == 56
    assert f"*Texas* (TX)\n{housing}/{housing} answered · Tier II {housing} · Tier I 0" in fields
    assert slice_["text"].startswith("Housing, 2027 State Self-Assessment: Tier II 100%")


def test_an_unknown_topic_channel_stops_start_up_in_one_line(
    env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOPIC_CHANNELS", "atlantis=C0123")
    assert main(["run", "status-post"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("TOPIC_CHANNELS: “atlantis”")


def test_a_missed_monday_post_is_sent_once_when_the_clock_starts(
    env: None, fake: FakeSlack, db_url: str, catalog: Catalog
) -> None:
    settings = Settings()  # type: ignore[call-arg]
    wednesday = MONDAY + timedelta(days=2)
    deps = make_deps(settings, clock=lambda: wednesday)
    job = build_scheduler(deps, start=wednesday).get_job("status-post-catch-up")
    assert job is not None and job.next_run_time == wednesday
    said = weekly_status_post(deps)
    assert said is not None and said.startswith("sent       status-post:")
    assert weekly_status_post(deps) is None
    assert len(posts(fake)) == 1
    next_week = make_deps(settings, clock=lambda: MONDAY + timedelta(days=7, hours=-6))
    assert weekly_status_post(next_week) is None  # before 09:00: last Monday's post stands


def test_a_post_caught_up_early_on_monday_is_that_week_s_post(
    env: None, fake: FakeSlack, db_url: str, catalog: Catalog
) -> None:
    """A clock started on Monday before 09:00 sends the missed post then (keyed by Monday); a
    clock restarted later that week finds it and sends no second post for the week."""
    settings = Settings()  # type: ignore[call-arg]
    early = make_deps(settings, clock=lambda: MONDAY - timedelta(hours=3))  # 07:00 New York
    assert weekly_status_post(early) is not None
    tuesday = make_deps(settings, clock=lambda: MONDAY + timedelta(days=1))
    assert weekly_status_post(tuesday) is None
    assert len(posts(fake)) == 1


def test_a_monday_post_that_failed_at_nine_is_sent_at_the_next_tick_that_monday(
    env: None, fake: FakeSlack, db_url: str, catalog: Catalog
) -> None:
    settings = Settings()  # type: ignore[call-arg]
    nine = MONDAY.replace(hour=14)  # 09:00 in New York
    deps = make_deps(settings, clock=lambda: nine)
    scheduler = build_scheduler(deps, start=nine - timedelta(hours=1))
    monday_job = scheduler.get_job("status-post")
    with (
        failing_inserts(deps.sessions.kw["bind"], "outbox"),
        pytest.raises(DBAPIError, match="injected fault"),
    ):
        monday_job.func(*monday_job.args)
    assert posts(fake) == []
    tick = scheduler.get_job("status-post-catch-up").trigger.get_next_fire_time(
        None, nine + timedelta(seconds=1)
    )
    assert tick is not None and nine < tick <= nine + timedelta(minutes=15)
    later = make_deps(settings, clock=lambda: tick)
    said = weekly_status_post(later)
    assert said is not None and said.startswith("sent       status-post:")
    assert posts(fake)[0]["metadata"]["event_payload"]["key"].endswith(":2027-03-01")


def test_a_cycle_opened_after_monday_s_post_time_waits_for_next_monday(
    sessions: sessionmaker[Session], env: None, fake: FakeSlack, db_url: str, cycle: int
) -> None:
    with sessions() as s, s.begin():  # the cycle opened on Monday at 10:00, after the post time
        s.execute(update(Cycle).values(created_at=MONDAY))
    settings = Settings()  # type: ignore[call-arg]
    wednesday = make_deps(settings, clock=lambda: MONDAY + timedelta(days=2))
    assert weekly_status_post(wednesday) is None
    next_monday = make_deps(settings, clock=lambda: MONDAY + timedelta(days=7, hours=1))
    assert weekly_status_post(next_monday) is not None


def test_the_weekly_job_run_late_in_the_week_posts_nothing_more(
    env: None, fake: FakeSlack, db_url: str, catalog: Catalog
) -> None:
    """A run of the job that comes after Monday's post (a clock whose tick was late, a second
    clock) finds this week's post and sends no second one under another day's key."""
    settings = Settings()  # type: ignore[call-arg]
    for at in (MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)):
        deps = make_deps(settings, clock=lambda at=at: at)
        for job_id in ("status-post", "status-post-catch-up"):
            job = build_scheduler(deps, start=at).get_job(job_id)
            job.func(*job.args)
    assert len(posts(fake)) == 1
