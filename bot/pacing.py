"""Slack's posting limits, kept on the sending side: about one message per second per channel, and
a rest for as long as a `429`'s Retry-After asks. Real (monotonic) time, since this paces real
HTTP calls; the database's notion of "now" is separate and may be a test's fixed instant."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, Protocol, TypeVar

INTERVAL = 1.0  # Slack's rate limits: chat.postMessage, "one message per second per channel"


class HasRecipient(Protocol):
    @property
    def recipient(self) -> str: ...


R = TypeVar("R", bound=HasRecipient)


class Pacer:
    """When each channel (a DM is keyed by its user id) may be posted to next."""

    def __init__(
        self,
        interval: float = INTERVAL,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._free_at: dict[str, float] = {}
        self._everyone_free_at = 0.0  # a method-wide 429 (e.g. conversations.open) holds all
        self._lock = threading.Lock()

    def delay(self, channel: str) -> float:
        with self._lock:
            free_at = max(self._free_at.get(channel, 0.0), self._everyone_free_at)
        return max(0.0, free_at - self._clock())

    def sent(self, channel: str) -> None:
        with self._lock:
            self._free_at[channel] = self._clock() + self.interval

    def rest(self, channel: str, seconds: float, *, everyone: bool = False) -> None:
        with self._lock:
            until = self._clock() + seconds
            self._free_at[channel] = max(self._free_at.get(channel, 0.0), until)
            if everyone:
                self._everyone_free_at = max(self._everyone_free_at, until)

    def wait(self, channels: Iterable[str], max_wait: float) -> bool:
        """Sleep until one of `channels` is free, if that is within `max_wait` seconds."""
        soonest = min((self.delay(c) for c in channels), default=0.0)
        if soonest > max_wait:
            return False
        self._sleep(soonest)
        return True


class ChannelQueues(Generic[R]):
    """Rows waiting to be sent, one queue per channel, in their order within each channel."""

    def __init__(self, rows: Iterable[R]) -> None:
        self._queues: dict[str, deque[R]] = {}
        for row in rows:
            self._queues.setdefault(row.recipient, deque()).append(row)

    def __bool__(self) -> bool:
        return bool(self._queues)

    def channels(self) -> list[str]:
        return list(self._queues)

    def take(self, pacer: Pacer) -> R | None:
        """The next row of the free channel with the longest queue, or None if all are busy.

        Longest first: the busiest channel (say, the Committee's) sets how long the whole
        outbox takes at one message a second, so it must never wait behind one-off DMs.
        """
        free = [c for c in self._queues if pacer.delay(c) <= 0]
        if not free:
            return None
        channel = max(free, key=lambda c: len(self._queues[c]))
        queue = self._queues[channel]
        row = queue.popleft()
        if not queue:
            del self._queues[channel]
        return row
