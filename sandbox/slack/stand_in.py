"""A local stand-in for Slack's Web API, for the tests and the sandbox.

    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        fake.wait_for_calls("chat.postMessage", 1)

It speaks HTTP on 127.0.0.1 (stdlib ThreadingHTTPServer in a daemon thread), keeps a small
workspace in memory and answers with the response shapes and error codes of Slack's Web API
reference.
Run it standalone with `python -m sandbox.slack --port 8765`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from sandbox.slack import snapshot
from sandbox.slack.core import Call, FakeCore
from sandbox.slack.http import Server
from sandbox.slack.partners import ConnectSetup
from sandbox.slack.views import ViewMethods

__all__ = ["Call", "FakeCore", "FakeSlack"]


class FakeSlack(ConnectSetup):
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
        super().__init__(
            team_id=team_id,
            bot_user_id=bot_user_id,
            bot_id=bot_id,
            token=token,
            rate_limit=rate_limit,
            clock=clock,
            wall_clock=wall_clock,
        )
        self._thread: threading.Thread | None = None

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

    @property
    def base_url(self) -> str:
        """For `WebClient(base_url=...)`, which appends the method name."""
        return f"{self._server_root()}api/"

    @property
    def root_url(self) -> str:
        """http://127.0.0.1:PORT/ — where mounted sections (the sandbox page) are served."""
        return self._server_root()

    def close_view(self, user: str, view_id: str, *, everything: bool = False) -> None:
        """The person closed a modal (or Slack closed it after a submission): it leaves the
        stack, with every view above it; `everything` closes the whole stack."""
        with self._cond:
            stack = self._ws.view_stacks.get(user, [])
            if everything or view_id not in stack:
                self._ws.view_stacks[user] = [] if everything else stack
            else:
                self._ws.view_stacks[user] = stack[: stack.index(view_id)]
            self._changed()

    def answer_submission(self, user: str, view_id: str, answer: dict[str, Any]) -> dict[str, Any]:
        """Applies the app's answer to a view_submission; returns the inline errors, if any."""
        with self._cond:
            errors = ViewMethods(self._ctx).answer_submission(user, view_id, answer)
            self._changed()
            return errors

    # ---- keeping the workspace across restarts -----------------------------------------------

    def saved(self) -> dict[str, Any]:
        """Everything a restart needs to continue: people, channels, messages, views, files."""
        with self._cond:
            return snapshot.dump(self._ws)

    def restore(self, saved: dict[str, Any]) -> None:
        with self._cond:
            snapshot.load(self._ws, saved)
            self._changed()

    def on_change(self, callback: Callable[[], None] | None) -> None:
        """`callback` runs (under the fake's lock) after every change, e.g. to save it."""
        with self._cond:
            self._on_change = callback
