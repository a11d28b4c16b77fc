"""The fake's request handling: every HTTP request becomes one call under one lock.

Web API methods come from the groups in METHOD_GROUPS (`sandbox.slack.methods`).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sandbox.slack.common import ApiError, Context
from sandbox.slack.faults import Faults, rate_limited
from sandbox.slack.http import DISCONNECT, Dispatch, Reply, Request, Server
from sandbox.slack.methods import method_table
from sandbox.slack.records import JSON
from sandbox.slack.response_url import ResponseUrls
from sandbox.slack.state import Workspace
from sandbox.slack.tokens import check_bot_token, socket_mode_url

_OWN_SECTIONS = ("api", "response", "upload")
HOLD_LIMIT = 60.0  # seconds a held call waits for its release before it goes on anyway


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str  # e.g. "chat.postMessage"; "response_url" / "upload" for those endpoints
    args: dict[str, Any]  # query + body merged, without the token
    token: str | None


class FakeCore:
    def __init__(
        self,
        *,
        team_id: str,
        bot_user_id: str,
        bot_id: str,
        token: str,
        rate_limit: bool,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
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
        self._handlers = method_table(self._ctx)
        self._response_urls = ResponseUrls(self._ctx)
        self._mounts: dict[str, Dispatch] = {}
        self._server: Server | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self._faults = Faults(clock)
        self._version = 0  # counts changes, so a page can wait for the next one
        self._on_change: Callable[[], None] | None = None
        # Where apps.connections.open sends a Socket Mode client (a test's WebSocket server).
        self.socket_mode_url: str | None = None
        self._init_log()

    def _init_log(self) -> None:
        self._calls: list[Call] = []
        self._outcomes: list[str] = []
        self._faults.clear()
        self._ctx.invalid.clear()

    def _server_root(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeSlack is not running; call start() first")
        return f"http://{self._host}:{self._port}/"

    def _changed(self) -> None:
        """Called with the lock held after anything that may have changed the workspace."""
        self._version += 1
        if self._on_change is not None:
            self._on_change()
        self._cond.notify_all()

    def mount(self, section: str, dispatch: Dispatch) -> None:
        """Serve requests whose first path segment is `section` (e.g. the sandbox's page)."""
        if section in _OWN_SECTIONS:
            raise ValueError(f"/{section}/ is the fake's own")
        self._mounts[section] = dispatch

    # ---- request handling (called from server threads) ----------------------------------------

    def _dispatch(self, request: Request) -> Reply:
        section, name = request.section, request.name
        if section not in _OWN_SECTIONS:
            mounted = self._mounts.get(section) or self._mounts.get("")
            if mounted is not None:
                return mounted(request)
        if not name or section not in _OWN_SECTIONS:
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
            held = self._faults.take_hold(method)
        if held is not None:
            held.arrived.set()
            held.released.wait(HOLD_LIMIT)  # outside the lock: every other call goes on meanwhile
        with self._cond:
            hang = self._faults.take_hang(method)
            if hang:
                self._calls.append(Call(method, copy.deepcopy(args), token))
                self._outcomes.append("hung")
                self._changed()
        if hang:
            time.sleep(hang)  # outside the lock: every other call goes on meanwhile
            return Reply(DISCONNECT, {})
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
            self._changed()
            return reply

    def _api(self, method: str, args: JSON, token: str | None) -> Reply:
        if method == "apps.connections.open":
            return socket_mode_url(token, self.socket_mode_url)
        handler = self._handlers.get(method)
        if handler is None:
            raise ApiError("unknown_method")
        check_bot_token(token, self._token)
        limited = method == "chat.postMessage" and self._rate_limit
        if limited and not self._faults.admit(str(args.get("channel"))):
            return rate_limited(1)
        self._ws.deliver_due()
        return Reply(200, {"ok": True, **handler(args)})

    def _response_url(self, key: str, payload: JSON) -> Reply:
        return Reply(200, {"ok": True, **self._response_urls.response_url(key, payload)})

    def _upload(self, file_id: str, data: bytes) -> Reply:
        upload = self._ws.uploads.get(file_id)
        if upload is None:
            return Reply(404, "not found")
        upload.content = data
        return Reply(200, f"OK - {len(data)}")


def _raise(error: ApiError) -> Reply:
    raise error
