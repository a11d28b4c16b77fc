"""A local stand-in for Slack's Web API, for the tests and the sandbox mode.

    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        fake.wait_for_calls("chat.postMessage", 1)

It speaks HTTP on 127.0.0.1 (stdlib ThreadingHTTPServer in a daemon thread), keeps a small
workspace in memory and answers with Slack's response shapes and error codes (SLACK.md §3, §4).
Run it standalone with `python -m sandbox.fake_slack --port 8765`.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any

from sandbox.fake_common import ApiError, Context, Handler, ts_key
from sandbox.fake_faults import Faults, rate_limited
from sandbox.fake_http import Reply, Request, Server
from sandbox.fake_methods import CoreMethods
from sandbox.fake_state import JSON, ResponseUrl, Workspace
from sandbox.fake_views import FileMethods, ViewMethods

__all__ = ["Call", "FakeSlack", "main"]

TRANSCRIPT_LINES = 30


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str  # e.g. "chat.postMessage"; "response_url" / "upload" for those endpoints
    args: dict[str, Any]  # query + body merged, without the token
    token: str | None


class FakeSlack:
    def __init__(
        self,
        *,
        team_id: str = "T0SANDBOX",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        token: str = "xoxb-sandbox",  # noqa: S107 - a placeholder the fake accepts, not a secret
        rate_limit: bool = False,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        """`clock` times trigger ids, response URLs and the rate limit; `wall_clock` makes ts
        values, scheduled times and tz offsets. Tests inject both to avoid sleeping."""
        self._token = token
        self._rate_limit = rate_limit
        self._clock = clock
        # RLock: wait_for predicates call back into messages()/calls() while the lock is held.
        self._cond = threading.Condition(threading.RLock())
        self._ws = Workspace(
            team_id=team_id,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            wall_clock=wall_clock,
            clock=clock,
        )
        self._ctx = Context(self._ws, self._server_root)
        self._core = CoreMethods(self._ctx)
        self._handlers: dict[str, Handler] = {
            **self._core.handlers(),
            **ViewMethods(self._ctx).handlers(),
            **FileMethods(self._ctx).handlers(),
        }
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self._faults = Faults(clock)
        # Where apps.connections.open sends a Socket Mode client (a test's WebSocket server).
        self.socket_mode_url: str | None = None
        self._init_log()

    def _init_log(self) -> None:
        self._calls: list[Call] = []
        self._outcomes: list[str] = []
        self._faults.clear()
        self._ctx.invalid.clear()

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeSlack:
        if self._server is not None:
            raise RuntimeError("FakeSlack is already running")
        server = Server((host, port), self._dispatch)
        self._server = server
        # A wildcard bind is still reached through loopback by the clients we hand URLs to.
        self._host = "127.0.0.1" if host in ("", "0.0.0.0") else host  # noqa: S104
        self._port = int(server.server_address[1])
        # A short poll interval keeps stop() (and so every test teardown) fast.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _server_root(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not running; call start() first")
        return f"http://{self._host}:{self._port}/"

    @property
    def base_url(self) -> str:
        """For `WebClient(base_url=...)`, which appends the method name."""
        return f"{self._server_root()}api/"

    # ---- test set-up -------------------------------------------------------------------------

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

    def add_channel(self, channel_id: str, *, name: str | None = None) -> None:
        """Declares a channel up front (C…/G… ids are otherwise created on first post)."""
        with self._cond:
            self._ws.ensure_channel(channel_id).name = name or channel_id.lower()

    def add_message(
        self, channel: str, text: str, *, user: str, thread_ts: str | None = None
    ) -> str:
        """Seeds a message written by a person (not the bot); returns its ts."""
        with self._cond:
            if not channel.startswith("D"):
                self._ws.ensure_channel(channel)
            message = self._ws.store_message(channel, user=user, text=text, thread_ts=thread_ts)
            self._cond.notify_all()
            return str(message["ts"])

    def new_response_url(self, channel: str, user: str, *, message_ts: str | None = None) -> str:
        """A response_url as an interaction payload carries it. With `message_ts`, posts with
        replace_original/delete_original act on that message; without it they become
        ephemerals for `user`."""
        with self._cond:
            key = str(self._ws.next_serial())
            self._ws.response_urls[key] = ResponseUrl(channel, user, message_ts, self._clock())
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
        429 -> "ratelimited" with Retry-After; 5xx -> that status."""
        with self._cond:
            self._faults.add(method, error, status, retry_after, times)

    def reset(self) -> None:
        """Forgets calls, messages, views, failures and violations; keeps users and DM ids."""
        with self._cond:
            self._init_log()
            self._ws.clear()
            self._cond.notify_all()

    # ---- inspection --------------------------------------------------------------------------

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

    # ---- request handling (called from server threads) ----------------------------------------

    def _dispatch(self, request: Request) -> Reply:
        section, name = request.section, request.name
        if not name or section not in ("api", "response", "upload"):
            return Reply(404, {"ok": False, "error": "not_found"})
        if section == "upload":
            info = {"file_id": name, "length": len(request.raw)}
            return self._serve("upload", info, None, partial(self._upload, name, request.raw))
        method = name if section == "api" else "response_url"
        token = request.token if section == "api" else None
        if request.body_error:
            error = request.body_error if section == "api" else "invalid_payload"
            status = 200 if section == "api" else 400
            answer: Callable[[], Reply] = partial(_raise, ApiError(error, status=status))
        elif section == "api":
            answer = partial(self._api, name, request.args, token)
        else:
            answer = partial(self._response_url, name, request.args)
        return self._serve(method, request.args, token, answer)

    def _serve(
        self, method: str, args: JSON, token: str | None, answer: Callable[[], Reply]
    ) -> Reply:
        with self._cond:
            # A copy, so neither handlers nor tests can change what was received.
            self._calls.append(Call(method, copy.deepcopy(args), token))
            failure = self._faults.take(method)
            try:
                reply = failure if failure is not None else answer()
            except ApiError as exc:
                reply = Reply(exc.status, exc.body())
            except Exception as exc:  # a bug in the fake must not look like a dropped connection
                reply = Reply(500, {"ok": False, "error": "fatal_error", "detail": repr(exc)})
            body = reply.body
            if isinstance(body, dict) and not body.get("ok", True):
                self._outcomes.append(f"{reply.status} {body.get('error')}")
            else:
                self._outcomes.append(f"{reply.status} ok")
            self._cond.notify_all()
            return reply

    def _api(self, method: str, args: JSON, token: str | None) -> Reply:
        if method == "apps.connections.open":
            return self._socket_url(token)
        handler = self._handlers.get(method)
        if handler is None:
            raise ApiError("unknown_method")
        if token is None:
            raise ApiError("not_authed")
        if not (token.startswith("xoxb-") or token == self._token):
            raise ApiError("invalid_auth")
        limited = method == "chat.postMessage" and self._rate_limit
        if limited and not self._faults.admit(str(args.get("channel"))):
            return rate_limited(1)
        self._ws.deliver_due()
        return Reply(200, {"ok": True, **handler(args)})

    def _socket_url(self, token: str | None) -> Reply:
        """Socket Mode's handshake: only an app-level token (xapp-) may ask for a URL."""
        if token is None:
            raise ApiError("not_authed")
        if not token.startswith("xapp-"):
            raise ApiError("not_allowed_token_type")
        if not self.socket_mode_url:
            raise ApiError("invalid_auth")
        return Reply(200, {"ok": True, "url": self.socket_mode_url})

    def _response_url(self, key: str, payload: JSON) -> Reply:
        return Reply(200, {"ok": True, **self._core.response_url(key, payload)})

    def _upload(self, file_id: str, data: bytes) -> Reply:
        upload = self._ws.uploads.get(file_id)
        if upload is None:
            return Reply(404, "not found")
        upload.content = data
        return Reply(200, f"OK - {len(data)}")


def _raise(error: ApiError) -> Reply:
    raise error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.fake_slack", description="Run the fake Slack Web API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rate-limit", action="store_true", help="1 post/s/channel, burst 2")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="ID[:NAME[:TZ[:EMAIL]]]",
        help="add a workspace member (repeatable)",
    )
    options = parser.parse_args(argv)
    fake = FakeSlack(rate_limit=options.rate_limit)
    for spec in options.user:
        user_id, name, tz, email = ([*spec.split(":", 3), "", "", ""])[:4]
        fake.add_user(user_id, name=name or None, tz=tz or "America/New_York", email=email or None)
    fake.start(options.host, options.port)
    print(fake.base_url, flush=True)  # noqa: T201
    try:
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
