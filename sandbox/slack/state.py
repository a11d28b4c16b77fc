"""The in-memory workspace behind FakeSlack: messages, views, triggers and uploads, with the
users and conversations of `Directory`.

Not thread-safe by itself; FakeSlack holds its lock around every use.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from sandbox.slack.directory import Directory
from sandbox.slack.records import JSON, ResponseUrl, Trigger, Upload, ViewRecord


class Workspace(Directory):
    def __init__(
        self,
        *,
        team_id: str,
        bot_user_id: str,
        bot_id: str,
        wall_clock: Callable[[], float],
        clock: Callable[[], float],
    ) -> None:
        super().__init__(
            team_id=team_id, bot_user_id=bot_user_id, bot_id=bot_id, wall_clock=wall_clock
        )
        self.clock = clock
        self.opened: set[str] = set()  # conversations.open has returned these at least once
        self._last_ts_us = 0
        self._serial = 0
        self.clear()

    def clear(self) -> None:
        """Drops everything a test produces; users, channels and DM ids stay."""
        self.messages: dict[str, list[JSON]] = {}
        self.ephemerals: list[JSON] = []
        self.scheduled: list[JSON] = []
        self.views: list[ViewRecord] = []
        self.view_stacks: dict[str | None, list[str]] = {}
        self.homes: dict[str, ViewRecord] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.uploads: dict[str, Upload] = {}
        self.opened.clear()

    # ---- ids and timestamps ------------------------------------------------------------------

    def next_serial(self) -> int:
        self._serial += 1
        return self._serial

    @property
    def last_ts_us(self) -> int:
        return self._last_ts_us

    def restore_counters(self, serial: int, last_ts_us: int) -> None:
        """After a restart ids and ts values go on from where they stopped, never repeat."""
        self._serial = max(self._serial, serial)
        self._last_ts_us = max(self._last_ts_us, last_ts_us)

    def forget_times(self) -> None:
        """An emptied workspace: ts values follow the wall clock again, even if it went back."""
        self._last_ts_us = 0

    def next_ts(self) -> str:
        """A wall-clock ts that never repeats, even for many messages within one microsecond."""
        us = max(int(self.wall_clock() * 1_000_000), self._last_ts_us + 1)
        self._last_ts_us = us
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def new_hash(self) -> str:
        return f"{int(self.wall_clock())}.{secrets.token_hex(4)}"

    def new_trigger(self, user: str | None) -> str:
        trigger_id = f"{self.next_serial()}.{int(self.wall_clock())}.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(issued=self.clock(), user=user)
        return trigger_id

    # ---- messages ----------------------------------------------------------------------------

    def store_message(
        self,
        channel: str,
        *,
        user: str,
        text: str,
        blocks: list[Any] | None = None,
        thread_ts: str | None = None,
        metadata: JSON | None = None,
        extra: JSON | None = None,
    ) -> JSON:
        ts = self.next_ts()
        message: JSON = {
            "type": "message",
            "channel": channel,
            "ts": ts,
            "user": user,
            "text": text,
            "blocks": blocks or [],
            "reactions": [],
        }
        if user == self.bot_user_id:
            message.update({"bot_id": self.bot_id, "app_id": self.app_id, "team": self.team_id})
        if thread_ts is not None:
            message["thread_ts"] = thread_ts
            self._note_reply(self.find_message(channel, thread_ts), user, ts)
        if metadata:
            message["metadata"] = metadata
        message.update(extra or {})
        self.messages.setdefault(channel, []).append(message)
        return message

    @staticmethod
    def _note_reply(parent: JSON | None, user: str, ts: str) -> None:
        if parent is None or parent.get("thread_ts", parent["ts"]) != parent["ts"]:
            return  # Slack has no nested threads; replying "to a reply" just records thread_ts
        parent["thread_ts"] = parent["ts"]
        parent["reply_count"] = parent.get("reply_count", 0) + 1
        users = parent.setdefault("reply_users", [])
        if user not in users:
            users.append(user)
        parent["reply_users_count"] = len(users)
        parent["latest_reply"] = ts

    def find_message(self, channel: str, ts: str) -> JSON | None:
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                return message
        return None

    def deliver_due(self) -> None:
        """Scheduled messages appear in their channel once their post_at has passed."""
        now = self.wall_clock()
        due = [s for s in self.scheduled if s["post_at"] <= now]
        for item in due:
            self.scheduled.remove(item)
            self.store_message(
                item["channel"],
                user=self.bot_user_id,
                text=item["text"],
                blocks=item["blocks"],
                thread_ts=item.get("thread_ts"),
                metadata=item.get("metadata"),
            )
