"""A stand-in for Slack's Socket Mode WebSocket: says hello, sends envelopes, collects acks."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

HELLO = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0BOT"}}


class SocketModeServer:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._clients: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}

    def handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps(HELLO))
        with self._changed:
            self._clients.append(connection)
            self._changed.notify_all()
        try:
            for raw in connection:
                ack = json.loads(raw)
                with self._changed:
                    self.acks[ack["envelope_id"]] = ack
                    self._changed.notify_all()
        except ConnectionClosed:
            pass

    def wait_for_client(self, timeout: float = 10.0) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: bool(self._clients), timeout):
                raise AssertionError("no Socket Mode client connected")

    def send(self, envelope: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send one envelope to the connected client and return its ack."""
        self.wait_for_client(timeout)
        self._clients[-1].send(json.dumps(envelope))
        key = envelope["envelope_id"]
        with self._changed:
            if not self._changed.wait_for(lambda: key in self.acks, timeout):
                raise AssertionError(f"envelope {key} was not acknowledged")
            return self.acks[key]


@contextmanager
def socket_mode_server() -> Iterator[tuple[SocketModeServer, str]]:
    """Yield the server and the ws:// URL apps.connections.open should hand out."""
    state = SocketModeServer()
    with serve(state.handle, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        try:
            yield state, f"ws://127.0.0.1:{port}/link/?ticket=test&app_id=A0BOT"
        finally:
            server.shutdown()
            thread.join()
