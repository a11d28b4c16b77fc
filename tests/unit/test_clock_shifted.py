"""The rehearsal's clock fires jobs as APScheduler would on the shifted calendar: a cron job once
per time it falls due, a one-off (date) job once only, never on every poll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from bot.cli.clock_shifted import due

START = datetime(2027, 2, 8, 12, 0, tzinfo=UTC)  # a Monday, 07:00 in New York


def jobs() -> list[object]:
    scheduler = BlockingScheduler(timezone=UTC)
    scheduler.add_job(print, CronTrigger(day_of_week="mon", hour=14, timezone=UTC), id="weekly")
    scheduler.add_job(print, DateTrigger(run_date=START, timezone=UTC), id="at-start")
    return list(scheduler.get_jobs())


def test_a_one_off_job_runs_once_however_often_the_clock_polls() -> None:
    listed, ran_once = jobs(), set[str]()
    fired = []
    for n in range(5):
        since = START + timedelta(seconds=n)
        fired += [j.id for j in due(listed, since - timedelta(seconds=1), since, ran_once)]
    assert fired == ["at-start"]


def test_a_weekly_job_runs_when_the_calendar_passes_its_time() -> None:
    listed, ran_once = jobs(), {"at-start"}
    monday_14 = START.replace(hour=14)
    assert [j.id for j in due(listed, START, monday_14, ran_once)] == ["weekly"]
    assert due(listed, monday_14, monday_14 + timedelta(days=1), ran_once) == []
