"""The sandbox's clock jumps as the real clock lives through the same days: every job that would
have run on the way runs at its own instant (each person's 09:00, Monday's status post)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sandbox.clock import digest_hours, next_digest
from sandbox.runtime import Sandbox
from sandbox.web.acts import advance

FRIDAY_CHICAGO_9 = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
FRIDAY_LOS_ANGELES_9 = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
MONDAY_NEW_YORK_9 = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def _posted_at(sandbox: Sandbox, channel: str) -> list[datetime]:
    return [
        datetime.fromtimestamp(float(m["ts"]), tz=UTC)
        for m in sandbox.fake.messages(channel)
        if m.get("user") == "UBOT"
    ]


def _near(instant: datetime, times: list[datetime]) -> bool:
    """Posted at `instant` (the clock stands still while a stop's jobs run; ts are unique by
    microseconds)."""
    return any(0 <= (t - instant).total_seconds() < 1 for t in times)


def test_each_zone_has_its_own_nine_oclock() -> None:
    since = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    until = datetime(2026, 12, 5, 0, 0, tzinfo=UTC)
    hours = digest_hours(["America/Chicago", "America/Los_Angeles", "UTC"], since, until)
    assert hours == [
        datetime(2026, 12, 4, 9, 0, tzinfo=UTC),
        FRIDAY_CHICAGO_9,
        FRIDAY_LOS_ANGELES_9,
    ]


def test_a_jump_delivers_every_zone_s_digest_at_its_nine_and_monday_s_post_on_monday(
    running: Callable[[], Sandbox],
) -> None:
    sandbox = running()
    ran = advance(sandbox, {"to": "2026-12-08T00:00Z"})["ran"]
    assert ran.count("Committee status post") == 2  # Mondays 30 November and 7 December
    texas = _posted_at(sandbox, "DUPOC")
    california = _posted_at(sandbox, "DUCALIF")
    assert _near(FRIDAY_CHICAGO_9, texas), texas
    assert _near(FRIDAY_LOS_ANGELES_9, california), california
    monday_posts = [t for t in _posted_at(sandbox, "CCOMMITTEE") if t.weekday() == 0]
    assert _near(MONDAY_NEW_YORK_9, monday_posts), _posted_at(sandbox, "CCOMMITTEE")
    assert sandbox.clock.now() >= datetime(2026, 12, 8, 0, 0, tzinfo=UTC)


def test_next_reminder_is_the_first_nine_o_clock_anywhere(running: Callable[[], Sandbox]) -> None:
    sandbox = running()
    found = next_digest(sandbox.deps(), sandbox.clock.now(), sandbox.zones())
    assert found is not None
    assert found <= FRIDAY_CHICAGO_9  # New York's 09:00 comes first, then Chicago's, then LA's
    assert found.astimezone(UTC).hour in {14, 15, 17}


def test_reset_dates_new_posts_from_the_clock_again(running: Callable[[], Sandbox]) -> None:
    sandbox = running()
    advance(sandbox, {"to": "2026-12-14T00:00Z"})
    sandbox.reset()
    # The cycle opened anew on Sunday evening: its first status post is Monday's.
    assert _posted_at(sandbox, "CCOMMITTEE") == []
    assert sandbox.driver is not None
    sandbox.driver.command("UPOC", "housing", channel="CSANDBOX")
    posted = _posted_at(sandbox, "CSANDBOX")
    assert posted
    assert all(abs((t - sandbox.clock.now()).total_seconds()) < 120 for t in posted), posted
    advance(sandbox, {"to": "2026-12-14T15:00Z"})
    assert _near(datetime(2026, 12, 14, 14, 0, tzinfo=UTC), _posted_at(sandbox, "CCOMMITTEE"))
