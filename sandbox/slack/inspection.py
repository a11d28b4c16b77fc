"""What tests and the sandbox read back from the fake: calls, messages, views, files."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from sandbox.slack.common import ts_key
from sandbox.slack.core import Call, FakeCore

TRANSCRIPT_LINES = 30


class Inspection(FakeCore):
    def calls(self, method: str | None = None) -> list[Call]:
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    @property
    def invalid(self) -> list[str]:
        """Block Kit / text-limit violations seen so far, as "method: [ERROR] ..." lines."""
        with self._cond:
            return list(self._ctx.invalid)

    @property
    def stats(self) -> dict[str, int]:
        """chat.postMessage calls the rate limiter "accepted" or "limited"."""
        with self._cond:
            return dict(self._faults.stats)

    @property
    def version(self) -> int:
        """Grows with every change; see wait_change()."""
        with self._cond:
            return self._version

    def wait_change(self, since: int, timeout: float) -> int:
        """Blocks until the version passes `since` (or the timeout); returns the version."""
        with self._cond:
            self._cond.wait_for(lambda: self._version > since, timeout=timeout)
            return self._version

    def messages(
        self,
        channel: str | None = None,
        *,
        thread_ts: str | None = None,
        top_level_only: bool = False,
    ) -> list[dict[str, Any]]:
        """Stored messages, oldest first, as they are now (after updates/deletes).

        `thread_ts` selects the replies of that thread (not the parent); `top_level_only`
        drops thread replies."""
        with self._cond:
            self._ws.deliver_due()
            channels = [channel] if channel is not None else list(self._ws.messages)
            found = [
                m
                for c in channels
                for m in self._ws.messages.get(c, [])
                if thread_ts is None or (m.get("thread_ts") == thread_ts and m["ts"] != thread_ts)
                if not top_level_only or m.get("thread_ts", m["ts"]) == m["ts"]
            ]
            found.sort(key=lambda m: ts_key(m["ts"]))
            return copy.deepcopy(found)

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        with self._cond:
            self._ws.deliver_due()
            found = self._ws.find_message(channel, ts)
            if found is None:
                raise KeyError(f"no message {ts} in {channel}")
            return copy.deepcopy(found)

    def ephemerals(self, user: str | None = None) -> list[dict[str, Any]]:
        """chat.postEphemeral and response_url replies, oldest first (`source` tells which)."""
        with self._cond:
            found = [e for e in self._ws.ephemerals if user is None or e["user"] == user]
            return copy.deepcopy(found)

    def scheduled(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._cond:
            self._ws.deliver_due()
            found = [s for s in self._ws.scheduled if channel is None or s["channel"] == channel]
            return copy.deepcopy(found)

    def views(self, user: str | None = None) -> list[dict[str, Any]]:
        """Modals opened or pushed, latest last: {id, hash, user, view}. `user` is the one
        given to new_trigger_id()."""
        with self._cond:
            found = [r.as_dict() for r in self._ws.views if user is None or r.user == user]
            return copy.deepcopy(found)

    def open_views(self, user: str) -> list[dict[str, Any]]:
        """The modals `user` has open, bottom of the stack first."""
        with self._cond:
            by_id = {r.id: r for r in self._ws.views}
            stack = self._ws.view_stacks.get(user, [])
            return [copy.deepcopy(by_id[v].as_dict()) for v in stack if v in by_id]

    def directory(self) -> dict[str, list[dict[str, Any]]]:
        """The workspace's people and conversations (no messages), as plain dicts."""
        with self._cond:
            return {
                "users": [dataclasses.asdict(u) for u in self._ws.users.values()],
                "channels": [dataclasses.asdict(c) for c in self._ws.channels.values()],
            }

    def home(self, user: str) -> dict[str, Any] | None:
        with self._cond:
            record = self._ws.homes.get(user)
            return copy.deepcopy(record.view) if record is not None else None

    def files(self) -> list[dict[str, Any]]:
        with self._cond:
            return [copy.deepcopy(vars(u)) for u in self._ws.uploads.values()]

    def dm_channel(self, user: str) -> str:
        with self._cond:
            return self._ws.dm_channel(user)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Blocks until `predicate()` holds; it is re-checked after every request."""
        with self._cond:
            if not self._cond.wait_for(predicate, timeout=timeout):
                raise AssertionError(f"condition not met within {timeout} s\n{self._transcript()}")

    def wait_for_calls(self, method: str, count: int, timeout: float = 5.0) -> list[Call]:
        self.wait_for(lambda: len(self.calls(method)) >= count, timeout)
        return self.calls(method)

    def _transcript(self) -> str:
        lines = [f"{len(self._calls)} call(s) received"]
        start = max(0, len(self._calls) - TRANSCRIPT_LINES)
        for call, outcome in zip(self._calls[start:], self._outcomes[start:], strict=False):
            args = json.dumps(call.args, default=str)
            lines.append(f"  {call.method} {args[:150]} -> {outcome}")
        if self._ctx.invalid:
            lines.append("invalid payloads:")
            lines.extend(f"  {line}" for line in self._ctx.invalid[-10:])
        return "\n".join(lines)
