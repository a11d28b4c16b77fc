"""How tests and the sandbox set the fake's workspace up: people, channels, messages written
by people, the response URLs and trigger ids Slack hands out, and injected failures."""

from __future__ import annotations

from sandbox.slack.faults import Hold
from sandbox.slack.inspection import Inspection
from sandbox.slack.records import ResponseUrl


class Setup(Inspection):
    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        tz: str = "America/New_York",
        email: str | None = None,
        deleted: bool = False,
    ) -> None:
        with self._cond:
            self._ws.add_user(user_id, name=name, tz=tz, email=email, deleted=deleted)
            self._changed()

    def add_channel(
        self, channel_id: str, *, name: str | None = None, members: list[str] | None = None
    ) -> None:
        """Declares a channel up front (C…/G… ids are otherwise created on first post)."""
        with self._cond:
            channel = self._ws.ensure_channel(channel_id)
            if name is not None:  # created channels are named after their id until told
                channel.name = name
            if members is not None:
                channel.members = [*members, self._ws.bot_user_id]
            self._changed()

    def add_message(
        self, channel: str, text: str, *, user: str, thread_ts: str | None = None
    ) -> str:
        """Seeds a message written by a person (not the bot); returns its ts."""
        with self._cond:
            if not channel.startswith("D"):
                self._ws.ensure_channel(channel)
            message = self._ws.store_message(channel, user=user, text=text, thread_ts=thread_ts)
            self._changed()
            return str(message["ts"])

    def new_response_url(
        self,
        channel: str,
        user: str,
        *,
        message_ts: str | None = None,
        ephemeral_ts: str | None = None,
    ) -> str:
        """A response_url as an interaction payload carries it. With `message_ts`, posts with
        replace_original/delete_original act on that message; with `ephemeral_ts`, on that
        ephemeral; without either they become ephemerals for `user`."""
        with self._cond:
            key = str(self._ws.next_serial())
            hook = ResponseUrl(channel, user, message_ts, self._clock(), ephemeral_ts=ephemeral_ts)
            self._ws.response_urls[key] = hook
            return f"{self._server_root()}response/{key}"

    def new_trigger_id(self, user: str | None = None) -> str:
        """Valid for 3 s on `clock` and for one views.open/views.push; `user` tags the views."""
        with self._cond:
            return self._ws.new_trigger(user)

    def fail(
        self,
        method: str,
        *,
        error: str = "internal_error",
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of `method` fail: 200 + {"ok": false, "error": error};
        429 -> "ratelimited" with Retry-After; 5xx -> that status; 0 -> the connection is
        closed without an answer."""
        with self._cond:
            self._faults.add(method, error, status, retry_after, times)

    def hang(self, method: str, *, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `method` get no answer for `seconds`, are not acted on,
        and then have their connection closed (a client with a shorter timeout gave up)."""
        with self._cond:
            self._faults.add_hang(method, seconds, times)

    def hold(self, method: str) -> Hold:
        """The next call of `method` waits until the test calls `release()` on what this
        returns (at most a minute), then is acted on and answered as usual."""
        with self._cond:
            return self._faults.add_hold(method)

    def reset(self) -> None:
        """Forgets calls, messages, views, failures and violations; keeps users and DM ids."""
        with self._cond:
            self._init_log()
            self._ws.clear()
            self._changed()
