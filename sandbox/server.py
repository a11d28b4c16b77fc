"""The bot's WSGI app under waitress, in a background thread, for the sandbox and the tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from waitress.server import create_server

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


@dataclass(frozen=True)
class Background:
    url: str
    stop: Callable[[], None]


def serve_in_background(app: WsgiApp, path: str = "/slack/events") -> Background:
    """Serve `app` on 127.0.0.1 (a free port) until `stop()`.

    The loop runs in short polls and the socket is closed only after the loop has ended:
    closing it under a running poll raises "Bad file descriptor" in the server thread. It polls
    with poll(), not waitress's default select(): select() cannot watch a descriptor numbered
    1024 or above, and in a process that has opened a thousand files and sockets before (a long
    test run) the loop died on the first request and every request after it timed out.
    """
    server = create_server(app, host="127.0.0.1", port=0, threads=8, asyncore_use_poll=True)
    stopping = threading.Event()

    def loop() -> None:
        while not stopping.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, use_poll=True, count=1)

    thread = threading.Thread(target=loop, name="waitress", daemon=True)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join()
        server.close()

    return Background(f"http://127.0.0.1:{server.effective_port}{path}", stop)
