"""Who gets a digest, and when: 09:00 in each person's own zone, on scheduled working days,
once per local date, never to the snoozed, the away, the done or the submitted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.errors import InvalidInput
from bot.workflows.reminders import availability
from bot.workflows.reminders.data import Planned
from tests.reminder_world import (
    answer_topics,
    open_cycle,
    person,
    queued,
    run,
    submit,
    tick,
)

START = datetime(2027, 3, 1, 15, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local_times(sent: list[tuple[datetime, Planned]], zone: str) -> list[str]:
    return [f"{at.astimezone(ZoneInfo(zone)):%a %m-%d %H:%M}" for at, _ in sent]


@pytest.fixture
def cycle(sessions: sessionmaker[Session]) -> int:
    return open_cycle(sessions, now=START)


@pytest.mark.parametrize(
    ("zone", "code", "nine_am_utc"),
    [
        ("America/Los_Angeles", "CA", utc(2027, 3, 24, 16)),  # PDT, UTC-7
        ("America/Chicago", "TX", utc(2027, 3, 24, 14)),  # CDT, UTC-5
        ("Pacific/Honolulu", "HI", utc(2027, 3, 24, 19)),  # HST all year, UTC-10
        ("Pacific/Guam", "GU", utc(2027, 3, 23, 23)),  # ChST, UTC+10: the day before in UTC
    ],
)
def test_the_digest_arrives_at_nine_local_in_each_zone(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    cycle: int,
    zone: str,
    code: str,
    nine_am_utc: datetime,
) -> None:
    person(sessions, "UPOC", code, now=START, tz=zone)
    sent = tick(sessions, catalog, utc(2027, 3, 23, 0), utc(2027, 3, 25, 12))
    assert [(at, p.key) for at, p in sent] == [(nine_am_utc, "digest:UPOC:2027-03-24")]
    assert local_times(sent, zone) == ["Wed 03-24 09:00"]


def test_without_a_slack_zone_the_jurisdictions_zone_is_used(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UGUAM", "GU", now=START)  # never looked up: Guam's default zone
    person(sessions, "UHAWAII", "HI", now=START)
    sent = tick(sessions, catalog, utc(2027, 3, 23, 0), utc(2027, 3, 25, 12))
    assert [(p.recipient, at) for at, p in sent] == [
        ("UGUAM", utc(2027, 3, 23, 23)),
        ("UHAWAII", utc(2027, 3, 24, 19)),
    ]


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        # Clocks go forward on Sun 14 Mar 2027. Three days before a Wed 17 Mar deadline is that
        # Sunday: moved to Friday, 09:00 CST (15:00 UTC); the Tuesday digest is 09:00 CDT (14:00).
        (date(2027, 3, 17), ["Fri 03-12 15:00", "Tue 03-16 14:00", "Wed 03-17 14:00"]),
        # Clocks go back on Sun 7 Nov 2027: Friday is still CDT, Tuesday is CST.
        (date(2027, 11, 10), ["Fri 11-05 14:00", "Tue 11-09 15:00", "Wed 11-10 15:00"]),
    ],
)
def test_daylight_saving_weekends_keep_nine_local(
    sessions: sessionmaker[Session], catalog: Catalog, deadline: date, expected: list[str]
) -> None:
    open_cycle(sessions, now=START, deadline=deadline)
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    person(sessions, "UHI", "HI", now=START, tz="Pacific/Honolulu")  # Hawaii keeps no DST
    begin = datetime.combine(deadline - timedelta(days=6), time(12), UTC)  # Hawaii: 02:00
    sent = tick(sessions, catalog, begin, begin + timedelta(days=7))
    texas = [(at, p) for at, p in sent if p.recipient == "UTX"]
    hawaii = [(at, p) for at, p in sent if p.recipient == "UHI"]
    assert [f"{at:%a %m-%d %H:%M}" for at, _ in texas] == expected
    assert set(local_times(texas, "America/Chicago")) == {e[:9] + " 09:00" for e in expected}
    assert {f"{at:%H:%M}" for at, _ in hawaii} == {"19:00"}
    assert len(hawaii) == 3


def test_a_missed_nine_oclock_is_caught_up_until_five_the_same_day_only_once(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    person(sessions, "UCA", "CA", now=START, tz="America/Los_Angeles")
    # The clock was down all morning; it comes back at 16:45 Chicago = 14:45 Los Angeles.
    first = run(sessions, catalog, utc(2027, 3, 24, 21, 45))
    assert sorted(p.recipient for p in first) == ["UCA", "UTX"]
    assert run(sessions, catalog, utc(2027, 3, 24, 21, 45)) == []
    assert run(sessions, catalog, utc(2027, 3, 24, 22)) == []  # 17:00 in Chicago
    assert len(queued(sessions, "digest")) == 2


def test_after_five_a_missed_day_is_not_sent_late(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    assert run(sessions, catalog, utc(2027, 3, 24, 22)) == []  # 17:00 CDT
    assert run(sessions, catalog, utc(2027, 3, 25, 14)) == []  # Thursday is not a reminder day


def test_nothing_on_weekends_at_all(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    # Three days before the Wed 31 Mar deadline is Sunday: the digest goes on Friday instead.
    sent = tick(sessions, catalog, utc(2027, 3, 26, 0), utc(2027, 3, 29, 5))
    friday = [p.recipient for at, p in sent if at < utc(2027, 3, 27, 0)]
    weekend = [p.recipient for at, p in sent if at >= utc(2027, 3, 27, 0)]
    assert friday == ["UTX"]  # the control: the same person, the same clock, a working day
    assert weekend == []


def test_someone_with_two_roles_gets_one_digest_a_day(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", "agency", now=START, tz="America/Chicago", topics=["housing"])
    person(sessions, "UTX", "TX", "poc", now=START, tz="America/Chicago")
    sent = run(sessions, catalog, utc(2027, 3, 24, 14))
    assert [p.recipient for p in sent] == ["UTX"]
    assert "12 topic areas still open" in sent[0].text  # reminded as the POC


def test_submitted_means_silence_until_reopened(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    person(sessions, "UAG", "TX", "agency", now=START, tz="America/Chicago", topics=["housing"])
    submit(sessions, cycle, "TX", now=START)
    late = utc(2027, 4, 8, 14)  # 8 days overdue: digest, POC note and Committee line all due
    assert run(sessions, catalog, utc(2027, 3, 24, 14)) == []
    assert run(sessions, catalog, late) == []


def test_complete_means_silence_for_an_agency_and_ready_to_submit_for_the_poc(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    person(sessions, "UAG", "TX", "agency", now=START, tz="America/Chicago", topics=["housing"])
    answer_topics(sessions, catalog, cycle, "TX", ["housing"], now=START)
    sent = run(sessions, catalog, utc(2027, 3, 24, 14))
    assert [p.recipient for p in sent] == ["UTX"]
    assert "11 topic areas still open" in sent[0].text

    answer_topics(sessions, catalog, cycle, "TX", [t.slug for t in catalog.topics], now=START)
    sent = run(sessions, catalog, utc(2027, 3, 26, 14))
    assert [p.recipient for p in sent] == ["UTX"]
    assert "ready to submit" in sent[0].text


def test_agency_digest_lists_only_its_open_topics_with_counts(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(
        sessions,
        "UAG",
        "TX",
        "agency",
        now=START,
        tz="America/Chicago",
        topics=["housing", "prevention", "funding"],
    )
    answer_topics(sessions, catalog, cycle, "TX", ["housing"], now=START, leave_open=3)
    answer_topics(sessions, catalog, cycle, "TX", ["funding"], now=START)
    (digest,) = run(sessions, catalog, utc(2027, 3, 24, 14))
    shown = [b["text"]["text"] for b in digest.blocks if b["type"] == "section"]
    assert "*7 days left.*" in shown[0] and "Texas" in digest.text
    assert shown[1:] == ["*Housing*\n5 of 8 answered", "*Prevention*\n0 of 11 answered"]
    assert [b["accessory"]["value"] for b in digest.blocks if "accessory" in b] == [
        "housing",
        "prevention",
    ]


def test_snooze_silences_the_scheduled_day_and_brings_a_digest_when_it_ends(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    person(sessions, "UCA", "CA", now=START, tz="America/Los_Angeles")
    with sessions() as session, session.begin():
        # Clicked on Tuesday 23 March at 10:00 Chicago: until Wednesday 09:00 Chicago.
        until = availability.snooze(
            session, user="UTX", length="day", default_tz="UTC", now=utc(2027, 3, 23, 15)
        )
    assert until == utc(2027, 3, 24, 14)
    with sessions() as session, session.begin():
        # Snoozed until Monday on Wednesday: Wednesday's and Friday's digests are skipped.
        availability.snooze(
            session, user="UCA", length="monday", default_tz="UTC", now=utc(2027, 3, 24, 15)
        )
    sent = tick(sessions, catalog, utc(2027, 3, 24, 0), utc(2027, 3, 30, 0))
    assert [(p.recipient, f"{at:%a %H:%M}") for at, p in sent] == [
        ("UTX", "Wed 14:00"),  # the snooze ended on a reminder day: one digest, not two
        ("UTX", "Fri 14:00"),
        ("UCA", "Mon 16:00"),  # Monday is not a reminder day, but the snooze ends then
    ]


def test_away_until_a_date_means_no_reminders_before_it(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    with sessions() as session, session.begin():
        availability.set_away(session, user="UTX", back_on=date(2027, 3, 30), now=START)
    sent = tick(
        sessions, catalog, utc(2027, 3, 24, 13), utc(2027, 3, 31, 0), every=timedelta(hours=1)
    )
    assert [f"{at:%a %m-%d}" for at, _ in sent] == ["Tue 03-30"]  # back on Tuesday: day before


def test_away_refuses_a_past_date_and_can_be_cleared(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    with sessions() as session, session.begin():
        with pytest.raises(InvalidInput):
            availability.set_away(session, user="UTX", back_on=date(2027, 2, 1), now=START)
        availability.set_away(session, user="UTX", back_on=None, now=START)
    assert len(run(sessions, catalog, utc(2027, 3, 24, 14))) == 1


def test_dry_run_writes_nothing_and_says_what_would_go(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    would = run(sessions, catalog, utc(2027, 3, 24, 14), dry_run=True)
    assert [p.key for p in would] == ["digest:UTX:2027-03-24"]
    assert queued(sessions) == []
    run(sessions, catalog, utc(2027, 3, 24, 14))
    assert run(sessions, catalog, utc(2027, 3, 24, 15), dry_run=True) == []


def test_a_cycle_name_cannot_ping_the_channel(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    open_cycle(sessions, now=START, name="<!channel> 2027 & co")
    person(sessions, "UTX", "TX", now=START, tz="America/Chicago")
    (digest,) = run(sessions, catalog, utc(2027, 3, 24, 14))
    assert "<!channel>" not in str(digest.blocks)
    assert "&lt;!channel&gt; 2027 &amp; co" in digest.blocks[1]["text"]["text"]
    assert "identify a child or youth" in str(digest.blocks[-1])


def test_someone_answering_for_two_jurisdictions_gets_a_digest_for_each(
    sessions: sessionmaker[Session], catalog: Catalog, cycle: int
) -> None:
    for code in ("TX", "OK"):
        person(sessions, "UNGO", code, now=START, tz="America/Chicago", role="agency")
    sent = tick(sessions, catalog, utc(2027, 3, 23, 0), utc(2027, 3, 25, 12))
    assert sorted(p.key for _, p in sent) == ["digest:UNGO:2027-03-24", "digest:UNGO:OK:2027-03-24"]
