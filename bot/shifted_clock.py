"""A rehearsal's calendar: real time shifted forward by an offset that a file holds, shared by
every process of one deployment (web workers, clocks, the rehearsal's driver and its Slack
stand-in). The driver moves the calendar by rewriting the file; nothing sleeps to make time pass.

Unset (CLOCK_OFFSET_FILE empty, as in production) the bot runs on the wall clock.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.deps import utc_now
from bot.settings import Settings


class ShiftedClock:
    """Now = the wall clock plus the file's offset in seconds, re-read whenever it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int] = (-1, -1)
        self._offset = 0.0
        self._lock = threading.Lock()

    def offset(self) -> float:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return 0.0
        with self._lock:
            if (stat.st_ino, stat.st_mtime_ns) != self._seen:
                text = self.path.read_text().strip()
                self._offset = float(text or 0.0)
                self._seen = (stat.st_ino, stat.st_mtime_ns)
            return self._offset

    def timestamp(self) -> float:
        return time.time() + self.offset()

    def __call__(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), tz=UTC)


def move_to(path: Path, when: datetime) -> None:
    """Shift the calendar so that it is `when` now (atomically: readers see old or new)."""
    if when.tzinfo is None:
        raise ValueError("the instant needs a zone")
    spare = path.with_name(f".{path.name}.{os.getpid()}")
    spare.write_text(repr(when.timestamp() - time.time()))
    os.replace(spare, path)


def clock_for(settings: Settings) -> Callable[[], datetime]:
    """The clock every process of this deployment goes by."""
    if settings.clock_offset_file is None:
        return utc_now
    return ShiftedClock(settings.clock_offset_file)
