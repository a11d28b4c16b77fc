"""Injected failures (FakeSlack.fail) and the optional chat.postMessage rate limit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.slack.http import DISCONNECT, Reply

# Slack's rate limits: chat.postMessage, "one message per second per channel", short bursts allowed.
POST_RATE_PER_S = 1.0
POST_BURST = 2.0


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    times: int


@dataclass
class Hold:
    """A call the fake keeps waiting (FakeSlack.hold): `arrived` is set when it comes in, and
    it is acted on and answered once `release()` is called."""

    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class Faults:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.clear()

    def clear(self) -> None:
        self._failures: dict[str, list[_Failure]] = {}
        self._hangs: dict[str, list[list[float]]] = {}  # method -> [[seconds, times left], ...]
        self._holds: dict[str, list[Hold]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, last refill)
        self.stats = {"accepted": 0, "limited": 0}

    def add(
        self, method: str, error: str, status: int, retry_after: int | None, times: int
    ) -> None:
        self._failures.setdefault(method, []).append(_Failure(error, status, retry_after, times))

    def add_hang(self, method: str, seconds: float, times: int) -> None:
        self._hangs.setdefault(method, []).append([seconds, times])

    def add_hold(self, method: str) -> Hold:
        hold = Hold()
        self._holds.setdefault(method, []).append(hold)
        return hold

    def take_hold(self, method: str) -> Hold | None:
        queue = self._holds.get(method)
        return queue.pop(0) if queue else None

    def take_hang(self, method: str) -> float:
        """How long this call of `method` hangs before the fake gives up on it (0: it does not)."""
        queue = self._hangs.get(method)
        if not queue:
            return 0.0
        hang = queue[0]
        hang[1] -= 1
        if hang[1] <= 0:
            queue.pop(0)
        return hang[0]

    def take(self, method: str) -> Reply | None:
        """The injected answer for this call of `method`, if one is pending."""
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        if failure.status == DISCONNECT:
            return Reply(DISCONNECT, {})
        if failure.status == 429:
            return rate_limited(failure.retry_after or 1)
        headers = (("Retry-After", str(failure.retry_after)),) if failure.retry_after else ()
        return Reply(failure.status, {"ok": False, "error": failure.error}, headers)

    def admit(self, channel: str) -> bool:
        """Token bucket per channel on the injectable monotonic clock."""
        now = self._clock()
        tokens, last = self._buckets.get(channel, (POST_BURST, now))
        tokens = min(POST_BURST, tokens + (now - last) * POST_RATE_PER_S)
        admitted = tokens >= 1.0
        self._buckets[channel] = (tokens - 1.0 if admitted else tokens, now)
        self.stats["accepted" if admitted else "limited"] += 1
        return admitted


def rate_limited(retry_after: int) -> Reply:
    body = {"ok": False, "error": "ratelimited"}
    return Reply(429, body, (("Retry-After", str(retry_after)),))
