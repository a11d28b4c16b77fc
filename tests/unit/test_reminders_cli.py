"""The operator's side: `run reminders` / `run dispatch` print one line per message, and the clock
schedules both jobs with explicit ids, one instance each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.__main__ import main
from bot.cli.clock import build_scheduler
from bot.jobs import make_deps
from bot.settings import Settings
from sandbox.slack import FakeSlack
from tests.reminder_world import open_cycle, person, queued

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("UTX", tz="America/Chicago")
        yield fake


@pytest.fixture
def environment(
    monkeypatch: pytest.MonkeyPatch, db_url: str, fake: FakeSlack, sessions: sessionmaker[Session]
) -> None:
    for name, value in {
        "DATABASE_URL": db_url,
        "SLACK_BOT_TOKEN": "xoxb-cli",
        "SLACK_API_URL": fake.base_url,
        "COMMITTEE_CHANNEL": "CCOMMITTEE",
    }.items():
        monkeypatch.setenv(name, value)
    open_cycle(sessions, now=NOW - timedelta(days=30))
    person(sessions, "UTX", "TX", now=NOW, tz="America/Chicago")


def test_run_reminders_dry_run_prints_and_changes_nothing(
    environment: None, capsys: pytest.CaptureFixture[str], sessions: sessionmaker[Session]
) -> None:
    assert main(["run", "reminders", "--now", "2027-03-24T14:00:00Z", "--dry-run"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.split()[:3] == ["would", "send", "digest"]
    assert "UTX" in line and "TX poc, Wed 2027-03-24 09:00 CDT" in line
    assert queued(sessions) == []


def test_run_reminders_sends_once_and_run_dispatch_finds_nothing_left(
    environment: None,
    capsys: pytest.CaptureFixture[str],
    fake: FakeSlack,
    sessions: sessionmaker[Session],
) -> None:
    assert main(["run", "reminders", "--now", "2027-03-24T09:00:00-05:00"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("sent       digest")
    assert main(["run", "reminders", "--now", "2027-03-24T14:30:00Z"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing was due; nothing sent."
    assert main(["run", "dispatch", "--now", "2027-03-24T14:30:00Z"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing was due."
    assert len(fake.messages(fake.dm_channel("UTX"))) == 1
    assert [r.status for r in queued(sessions)] == ["sent"]


def test_run_reminders_with_slack_unreachable_exits_1_and_keeps_the_digest_queued(
    environment: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sessions: sessionmaker[Session],
) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens there
    assert main(["run", "reminders", "--now", "2027-03-24T09:00:00-05:00"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("retrying   digest")
    assert "could not be sent now" in err and "Traceback" not in err
    assert [r.status for r in queued(sessions)] == ["pending"]


def test_now_must_carry_a_zone(environment: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "reminders", "--now", "2027-03-24T09:00"]) == 2
    assert "has no zone" in capsys.readouterr().err


def test_the_clock_schedules_each_job_once_reminders_on_the_quarter_hour(db_url: str) -> None:
    settings = Settings(_env_file=None, DATABASE_URL=db_url)  # type: ignore[call-arg]
    scheduler = build_scheduler(make_deps(settings), start=NOW)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "reminders",
        "dispatch",
        "status-post",
        "status-post-catch-up",
        "retention",
    }
    for job in jobs.values():
        assert (job.coalesce, job.max_instances) == (True, 1)
    after_start = jobs["reminders"].trigger.get_next_fire_time(None, NOW + timedelta(minutes=1))
    assert after_start == NOW + timedelta(minutes=15)
    every = jobs["dispatch"].trigger.interval
    assert every == timedelta(seconds=30)
