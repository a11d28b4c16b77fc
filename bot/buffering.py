"""gunicorn's worker process, with waitress reading each request whole before a thread sees it.

gunicorn's own threaded worker gives a connection a thread as soon as its first bytes arrive,
then reads the rest in that thread: eight clients that send half a request and wait hold all
eight threads, and Slack's requests queue behind them. Here gunicorn still runs the processes
(one per core, restarts, graceful stops), but inside each one waitress's event loop reads every
connection without a thread, up to the limits below, and hands a thread only a complete
request. A request not read in full within `REQUEST_DEADLINE` is answered 408 and closed; one
larger than `MAX_BODY` is answered 413 as soon as its headers say so.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from bot.edge.wsgi import MAX_BODY

# Slack sends a whole request in milliseconds and gives up on the bot after 3 s.
REQUEST_DEADLINE = 10.0
IDLE_TIMEOUT = 20  # seconds a kept-alive connection may wait for its next request
HEADERS_LIMIT = 32 * 1024  # Slack's headers are well under 2 KiB
CONNECTIONS = 1000  # per process; beyond it new connections wait in the listen backlog
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
TICK = 1.0  # seconds between heartbeats to gunicorn's arbiter and deadline checks


class BufferingWorker(Worker):  # type: ignore[misc]
    """A gunicorn worker (`worker_class`) that serves its app with waitress on the sockets
    gunicorn opened, with `threads` from gunicorn's settings."""

    def run(self) -> None:
        listeners = [listener.sock for listener in self.sockets]
        adj = Adjustments(
            sockets=listeners,
            threads=self.cfg.threads,
            max_request_body_size=MAX_BODY,
            max_request_header_size=HEADERS_LIMIT,
            channel_timeout=IDLE_TIMEOUT,
            cleanup_interval=TICK,
            connection_limit=CONNECTIONS,
            asyncore_use_poll=True,  # select() cannot watch descriptors above 1024
            ident="",
        )
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        channels: dict[int, Any] = {}
        servers = [
            _DeadlineServer(
                self.wsgi,
                channels,
                True,
                sock,
                dispatcher=dispatcher,
                adj=adj,
                bind_socket=False,
                sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
            )
            for sock in listeners
        ]
        while self.alive and self.ppid == os.getppid():
            self.notify()
            wasyncore.loop(timeout=TICK, map=channels, use_poll=True, count=1)
        self._finish(servers, channels, dispatcher)

    def _finish(
        self,
        servers: list[_DeadlineServer],
        channels: dict[int, Any],
        dispatcher: ThreadedTaskDispatcher,
    ) -> None:
        """Stop accepting, then answer the requests already read, within gunicorn's grace."""
        for server in servers:
            server.close()
        until = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < until and any(_busy(server) for server in servers):
            self.notify()
            wasyncore.loop(timeout=0.1, map=channels, use_poll=True, count=1)
        dispatcher.shutdown(timeout=max(0.0, until - time.monotonic()))


def _busy(server: TcpWSGIServer) -> bool:
    return any(c.requests or c.total_outbufs_len for c in server.active_channels.values())


class _DeadlineServer(TcpWSGIServer):  # type: ignore[misc]
    """waitress's server, whose periodic maintenance also ends requests read for too long."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._reading: dict[int, tuple[object, float]] = {}
        super().__init__(*args, **kwargs)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # closes connections idle for longer than channel_timeout
        reading: dict[int, tuple[object, float]] = {}
        for key, channel in self.active_channels.items():
            partial = channel.request  # the request still being read, if any
            if partial is None or channel.requests or channel.will_close:
                continue
            seen, since = self._reading.get(key, (None, now))
            since = since if seen is partial else now
            if now - since < REQUEST_DEADLINE:
                reading[key] = (partial, since)
                continue
            with contextlib.suppress(OSError):  # a client already gone is just closed
                channel.send(TIMED_OUT)
            channel.will_close = True
        self._reading = reading
