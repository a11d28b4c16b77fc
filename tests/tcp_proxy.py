"""A TCP forwarder the test can cut and restore: the database "goes away" for the bot while
the server itself keeps running for everyone else. It can also lose the server's reply to one
COMMIT: the server commits, the client never hears so (a connection cut at the worst moment)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

# PostgreSQL's simple-query message for COMMIT: 'Q', int32 length (4 + "COMMIT\0"), the text.
COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"


class TcpProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._lose_commit_replies = 0
        self._stop_after_cut = False
        self.commits_cut = 0

    def lose_commit_replies(self, count: int = 1, *, then_stop: bool = False) -> None:
        """The next `count` COMMITs reach the server; their connections are then cut before the
        reply reaches the client (and with `then_stop`, every connection after it refused)."""
        with self._lock:
            self._lose_commit_replies, self._stop_after_cut = count, then_stop

    def _take_commit(self, chunk: bytes) -> bool:
        with self._lock:
            if COMMIT not in chunk or self._lose_commit_replies <= 0:
                return False
            self._lose_commit_replies -= 1
            self.commits_cut += 1
            return True

    def start(self) -> TcpProxy:
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Refuse new connections and cut every open one, as a stopped server would."""
        with self._lock:
            sockets, self._open = self._open, []
            listener, self._listener = self._listener, None
        for sock in [*sockets, *([listener] if listener else [])]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            held = threading.Event()  # set: the server's replies are dropped, not relayed
            threading.Thread(
                target=self._upstream, args=(client, server, held), daemon=True
            ).start()
            threading.Thread(target=_pump, args=(server, client, held), daemon=True).start()

    def _upstream(
        self, client: socket.socket, server: socket.socket, held: threading.Event
    ) -> None:
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if self._take_commit(data):
                    held.set()
                    server.sendall(data)
                    time.sleep(0.5)  # the server commits and replies; the reply is dropped
                    _cut(client, server)
                    if self._stop_after_cut:
                        self.stop()
                    return
                server.sendall(data)
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_WR)


def _cut(*sockets: socket.socket) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _pump(source: socket.socket, sink: socket.socket, held: threading.Event) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            if held.is_set():
                continue
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
