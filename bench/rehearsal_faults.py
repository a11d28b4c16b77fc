"""The rehearsal's Slack stand-in: the sandbox's, with its rate limits on, plus faults injected
on a share of calls (500, 429 with Retry-After), hooks that SIGKILL a process in the middle of
the call it is making, and a count of every fault by kind."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from sandbox.slack import FakeSlack
from sandbox.slack.http import Reply

# The calls a fault may hit: what the bot says to people, and the outbox's posts.
FAULTY = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "views.open"})
Hook = Callable[[str, str | None], bool]  # (method, token) -> True once it has acted


class FaultyStandIn(FakeSlack):
    def __init__(self, *, share: float, seed: int, wall_clock: Callable[[], float]) -> None:
        super().__init__(rate_limit=True, wall_clock=wall_clock)
        self.share = share  # of FAULTY calls answered 500, and as many 429
        self.faults: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._hooks: list[Hook] = []
        self._hooks_lock = threading.Lock()
        self.injecting = False

    def arm(self, hook: Hook) -> None:
        """Run `hook` on the next calls until it returns True (it acted, e.g. killed a process
        whose call is being held here)."""
        with self._hooks_lock:
            self._hooks.append(hook)

    def armed(self) -> int:
        with self._hooks_lock:
            return len(self._hooks)

    def _serve(
        self, method: str, args: Any, token: str | None, answer: Callable[[], Reply]
    ) -> Reply:
        with self._hooks_lock:
            hooks = list(self._hooks)
        for hook in hooks:
            if hook(method, token):
                with self._hooks_lock:
                    self._hooks.remove(hook)
        if self.injecting and method in FAULTY:
            roll = self._random.random()
            if roll < self.share:
                self.faults["slack_500"] += 1
                return Reply(500, {"ok": False, "error": "internal_error"})
            if roll < 2 * self.share:
                self.faults["slack_429"] += 1
                return Reply(429, {"ok": False, "error": "ratelimited"}, (("Retry-After", "1"),))
        return super()._serve(method, args, token, answer)

    def clear_faults(self) -> None:
        """No more injected failures: what is left to send goes through."""
        self.injecting = False
        with self._hooks_lock:
            self._hooks.clear()
        with self._cond:
            self._faults.clear()

    def storm(self, calls: int) -> None:
        """A rate-limit storm on chat.postMessage: the next `calls` posts are told to wait."""
        self.faults["rate_limit_storm"] += 1
        self.fail("chat.postMessage", status=429, retry_after=1, times=calls)

    def hang_once(self, seconds: float) -> None:
        """The next chat.postMessage gets no answer past the client's timeout."""
        self.faults["slack_hang"] += 1
        self.hang("chat.postMessage", seconds=seconds, times=1)
