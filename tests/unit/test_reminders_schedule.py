"""The reminder calendar: days before the deadline, every other day overdue, never on a weekend or
a U.S. federal holiday (moved to the working day before), snoozes ending at 09:00 local."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.workflows.reminders.schedule import (
    Rules,
    reminder_day,
    snooze_one_day,
    snooze_until_monday,
)
from bot.workflows.reminders.workdays import is_working_day, local, nine_am

RULES = Rules()
CHICAGO = ZoneInfo("America/Chicago")


def reminder_days(deadline: date, first: date, last: date, rules: Rules = RULES) -> list[str]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [f"{d:%a %m-%d}" for d in days if reminder_day(d, deadline, rules)]


def test_a_wednesday_deadline_reminds_21_14_7_3_1_0_days_before_then_every_other_day() -> None:
    # Deadline Wed 31 Mar 2027. Three days before is Sunday 28 Mar: moved to Friday 26 Mar.
    # Overdue: Fri 2 Apr, Sun 4 Apr (moved back to Fri 2 Apr, so one digest), Tue 6, Thu 8, …
    assert reminder_days(date(2027, 3, 31), date(2027, 3, 1), date(2027, 4, 9)) == [
        "Wed 03-10",
        "Wed 03-17",
        "Wed 03-24",
        "Fri 03-26",
        "Tue 03-30",
        "Wed 03-31",
        "Fri 04-02",
        "Tue 04-06",
        "Thu 04-08",
        "Fri 04-09",  # ten days overdue is Saturday 10 April
    ]


def test_nothing_is_ever_due_on_a_weekend() -> None:
    deadline = date(2027, 3, 31)
    weekdays_due = 0
    for n in range(-30, 30):
        day = deadline + timedelta(days=n)
        if day.weekday() >= 5:
            assert not reminder_day(day, deadline, RULES), day
        else:
            weekdays_due += reminder_day(day, deadline, RULES)
    # The control: the same range has reminder days, among them Friday 26 March, where the
    # reminder due on Sunday 28 March (three days before) moved.
    assert weekdays_due >= 8
    assert reminder_day(date(2027, 3, 26), deadline, RULES)


def test_a_reminder_on_a_monday_holiday_moves_back_over_the_weekend_to_friday() -> None:
    # Memorial Day is Mon 31 May 2027; the deadline is Tue 1 June. The day before (the holiday)
    # and three days before (Saturday) both land on Friday 28 May, as one reminder.
    assert not is_working_day(date(2027, 5, 31))
    assert is_working_day(date(2027, 5, 28)) and is_working_day(date(2027, 6, 1))  # the control
    assert reminder_days(date(2027, 6, 1), date(2027, 5, 24), date(2027, 6, 1)) == [
        "Tue 05-25",
        "Fri 05-28",
        "Tue 06-01",
    ]


def test_thanksgiving_and_observed_holidays_come_from_the_holidays_library() -> None:
    assert not is_working_day(date(2027, 11, 25))  # Thanksgiving
    assert not is_working_day(date(2027, 6, 18))  # Juneteenth (Sat 19) observed on Friday
    assert not is_working_day(date(2027, 12, 24))  # Christmas (Sat 25) observed on Friday
    # The controls: the working days either side of each.
    assert all(is_working_day(date(2027, m, d)) for m, d in ((11, 24), (6, 17), (12, 23)))
    # Deadline Fri 26 Nov: the day before is Thanksgiving, so that reminder goes on Wednesday.
    assert reminder_days(date(2027, 11, 26), date(2027, 11, 22), date(2027, 11, 26)) == [
        "Tue 11-23",
        "Wed 11-24",
        "Fri 11-26",
    ]


def test_the_schedule_is_configurable() -> None:
    rules = Rules(days_before=(10, 2), overdue_every=3)
    # 10 days before is Sunday 21 (moved to Friday 19); 3 days overdue is Saturday 3 April.
    assert reminder_days(date(2027, 3, 31), date(2027, 3, 15), date(2027, 4, 7), rules) == [
        "Fri 03-19",
        "Mon 03-29",
        "Fri 04-02",
        "Tue 04-06",
    ]


def test_nine_am_follows_daylight_saving() -> None:
    assert nine_am(date(2027, 3, 12), CHICAGO) == datetime(2027, 3, 12, 15, tzinfo=UTC)  # CST
    assert nine_am(date(2027, 3, 15), CHICAGO) == datetime(2027, 3, 15, 14, tzinfo=UTC)  # CDT
    assert nine_am(date(2027, 11, 5), CHICAGO) == datetime(2027, 11, 5, 14, tzinfo=UTC)
    assert nine_am(date(2027, 11, 8), CHICAGO) == datetime(2027, 11, 8, 15, tzinfo=UTC)


def test_snooze_one_day_skips_the_weekend_and_a_monday_holiday() -> None:
    friday_noon = datetime(2027, 5, 28, 17, tzinfo=UTC)  # noon in Chicago, before Memorial Day
    assert snooze_one_day(friday_noon, CHICAGO) == datetime(2027, 6, 1, 14, tzinfo=UTC)
    wednesday = datetime(2027, 3, 24, 15, tzinfo=UTC)
    assert snooze_one_day(wednesday, CHICAGO) == datetime(2027, 3, 25, 14, tzinfo=UTC)


def test_snooze_until_monday_is_next_monday_at_nine_local_across_the_dst_change() -> None:
    friday = datetime(2027, 3, 12, 16, tzinfo=UTC)  # 10:00 CST; clocks go forward on Sunday
    assert snooze_until_monday(friday, CHICAGO) == datetime(2027, 3, 15, 14, tzinfo=UTC)
    monday = datetime(2027, 3, 15, 15, tzinfo=UTC)  # on a Monday it means the next one
    assert snooze_until_monday(monday, CHICAGO) == datetime(2027, 3, 22, 14, tzinfo=UTC)


def test_office_hours_are_nine_to_five_local_on_working_days() -> None:
    guam = ZoneInfo("Pacific/Guam")
    # 23:00 UTC on Tuesday is 09:00 Wednesday in Guam.
    assert local(datetime(2027, 3, 23, 23, tzinfo=UTC), guam).in_office_hours
    assert local(datetime(2027, 3, 23, 22, 59, tzinfo=UTC), guam).in_office_hours is False
    assert local(datetime(2027, 3, 24, 7, tzinfo=UTC), guam).in_office_hours is False  # 17:00
    honolulu = ZoneInfo("Pacific/Honolulu")
    assert local(datetime(2027, 3, 27, 19, tzinfo=UTC), honolulu).in_office_hours is False  # Sat
