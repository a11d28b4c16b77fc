"""Working days and local office hours: no reminder on a weekend or a U.S. federal holiday.

The holidays come from the maintained `holidays` package (federal list, observed days included),
never from a hand-written table, so a new federal holiday arrives with a package update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SEND_AT = time(9, 0)  # reminders go out at 09:00 in the recipient's zone
LAST_CALL = time(17, 0)  # a run missed at 09:00 catches up until 17:00 the same working day
SATURDAY = 5
MONDAY = 0


@lru_cache(maxsize=32)
def _federal(year: int) -> frozenset[date]:
    import holidays  # the country tables load on the first date checked, not in every process

    return frozenset(holidays.country_holidays("US", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY and day not in _federal(day.year)


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_day_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def days_moved_here(day: date) -> list[date]:
    """`day` and the days off right after it, whose reminders are moved back to `day`."""
    moved = [day]
    following = day + timedelta(days=1)
    while not is_working_day(following):
        moved.append(following)
        following += timedelta(days=1)
    return moved


def zone(name: str | None, fallback: str) -> ZoneInfo:
    """The named IANA zone, or `fallback` when the name is missing or unknown."""
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


@dataclass(frozen=True)
class LocalNow:
    """An instant seen from one zone."""

    at: datetime  # aware, in the zone

    @property
    def today(self) -> date:
        return self.at.date()

    @property
    def in_office_hours(self) -> bool:
        """A working day between 09:00 and 17:00 local: the only time a reminder may go out."""
        return is_working_day(self.today) and SEND_AT <= self.at.time() < LAST_CALL


def local(now: datetime, tz: ZoneInfo) -> LocalNow:
    return LocalNow(now.astimezone(tz))


def nine_am(day: date, tz: ZoneInfo) -> datetime:
    """09:00 on `day` in `tz`, as aware UTC (daylight saving is the zone database's business)."""
    return datetime.combine(day, SEND_AT, tzinfo=tz).astimezone(UTC)
