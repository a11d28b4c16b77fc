"""The rehearsal's Slack stand-in: the sandbox's, with its rate limits on, plus faults injected
on a share of calls (500, 429 with Retry-After), hooks that SIGKILL a process in the middle of
the call it is making, and a count of every fault by kind."""

from __future__ import annotations

import copy
import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from bot.handlers import ids
from sandbox.driver import buttons
from sandbox.slack import FakeSlack
from sandbox.slack.http import Reply

# The calls a fault may hit: what the bot says to people, and the outbox's posts.
FAULTY = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "views.open"})
Hook = Callable[[str, str | None], bool]  # (method, token) -> True once it has acted


class FaultyStandIn(FakeSlack):
    def __init__(self, *, share: float, seed: int, wall_clock: Callable[[], float]) -> None:
        super().__init__(rate_limit=True, wall_clock=wall_clock)
        self.calendar = wall_clock  # the deployment's calendar, in epoch seconds
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

    def glance(self, user: str, channels: list[str]) -> tuple[object, ...]:
        """What `user` sees, cheaply: for each message in `channels` its ts, text, number of
        blocks and whether it offers answers; the number of their ephemerals and views. Read in
        place under the lock (the inspection methods deep-copy whole channels, which a dozen
        people looking twenty times a second cannot afford)."""
        with self._cond:
            shown = tuple(
                (m.get("ts"), m.get("text"), len(m.get("blocks") or []), has_answers(m))
                for c in channels
                for m in self._ws.messages.get(c, [])
            )
            ephemerals = sum(1 for e in self._ws.ephemerals if e["user"] == user)
            views = sum(1 for r in self._ws.views if r.user == user)
        return (shown, ephemerals, views)

    def live_questions(self, channel: str) -> list[dict[str, Any]]:
        """The bot's messages in `channel` that still offer answers, oldest first (copies of
        these alone, not of the whole channel)."""
        with self._cond:
            live = [
                m for m in self._ws.messages.get(channel, [])
                if m.get("user") == self._ws.bot_user_id and has_answers(m)
            ]  # fmt: skip
            live.sort(key=lambda m: float(m["ts"]))
            return copy.deepcopy(live)

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


def has_answers(message: dict[str, Any]) -> bool:
    """A live question: it still offers the answer buttons."""
    return any(b["action_id"].startswith(f"{ids.ANSWER}:") for b, _ in buttons(message))
