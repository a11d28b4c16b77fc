"""When reminders fall due, relative to a cycle's deadline, and where snoozes end.

Plain date arithmetic with no database: the reminder workflow asks these questions for each person
with their own local date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.workflows.reminders.workdays import (
    MONDAY,
    days_moved_here,
    is_working_day,
    local,
    nine_am,
    working_day_on_or_after,
)


@dataclass(frozen=True)
class Rules:
    """The configurable schedule (settings REMINDER_DAYS, OVERDUE_EVERY_DAYS, …)."""

    days_before: tuple[int, ...] = (21, 14, 7, 3, 1, 0)
    overdue_every: int = 2
    escalate_after: int = 7
    default_tz: str = "America/New_York"
    committee_channel: str = ""


def is_nominal_day(day: date, deadline: date, rules: Rules) -> bool:
    """A day the schedule names, before any move off weekends and holidays."""
    left = (deadline - day).days
    if left >= 0:
        return left in rules.days_before
    return -left % rules.overdue_every == 0


def reminder_day(today: date, deadline: date, rules: Rules) -> bool:
    """Whether a digest is due on `today`: a working day that carries its own scheduled reminder
    or one moved back from the weekend or holidays right after it."""
    if not is_working_day(today):
        return False
    return any(is_nominal_day(day, deadline, rules) for day in days_moved_here(today))


def days_left(today: date, deadline: date) -> int:
    """Negative when overdue."""
    return (deadline - today).days


def snooze_one_day(now: datetime, tz: ZoneInfo) -> datetime:
    """09:00 on the next working day after today, local to the person."""
    tomorrow = local(now, tz).today + timedelta(days=1)
    return nine_am(working_day_on_or_after(tomorrow), tz)


def snooze_until_monday(now: datetime, tz: ZoneInfo) -> datetime:
    """09:00 next Monday, local (the Tuesday when that Monday is a federal holiday)."""
    today = local(now, tz).today
    monday = today + timedelta(days=(MONDAY - today.weekday()) % 7 or 7)
    return nine_am(working_day_on_or_after(monday), tz)
