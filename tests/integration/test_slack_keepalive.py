"""The bot's Slack client reuses one HTTP connection per thread, survives the server closing an
idle one, and reports Slack's errors exactly as slack_sdk's own client does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack_http import KeepAliveWebClient
from sandbox.fake_slack import FakeSlack


class Wire(ThreadingHTTPServer):
    """Slack's Web API at the wire: counts connections; can close them or answer 429."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections: set[int] = set()
        self.close_after_reply = False
        self.rate_limited = False


class _Handler(BaseHTTPRequestHandler):
    server: Wire
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self.server.connections.add(self.client_address[1])
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body = (
            (429, {"ok": False, "error": "ratelimited"})
            if self.server.rate_limited
            else (200, {"ok": True})
        )
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("Retry-After", "7")
        self.end_headers()
        self.wfile.write(data)
        if self.server.close_after_reply:
            self.close_connection = True  # what a server does to a connection idle too long

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def wire() -> Iterator[Wire]:
    server = Wire()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def client_for(server: Wire, cls: type[WebClient] = KeepAliveWebClient) -> WebClient:
    return cls(token="xoxb-test", base_url=f"http://127.0.0.1:{server.server_address[1]}/api/")


def test_calls_share_one_connection(wire: Wire) -> None:
    client = client_for(wire)
    for _ in range(5):
        assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(wire.connections) == 1
    # slack_sdk's own client, for comparison, opens one per call.
    plain = client_for(wire, WebClient)
    for _ in range(3):
        plain.chat_postMessage(channel="C1", text="hi")
    assert len(wire.connections) == 4


def test_a_connection_the_server_closed_is_replaced(wire: Wire) -> None:
    wire.close_after_reply = True
    client = client_for(wire)
    for _ in range(3):
        assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(wire.connections) == 3


def test_slack_errors_look_as_they_do_with_slack_sdk(wire: Wire) -> None:
    wire.rate_limited = True
    with pytest.raises(SlackApiError) as caught:
        client_for(wire).chat_postMessage(channel="C1", text="hi")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    assert caught.value.response["error"] == "ratelimited"


def test_against_the_stand_in_every_call_lands() -> None:
    with FakeSlack() as fake:
        client = KeepAliveWebClient(token="xoxb-sandbox", base_url=fake.base_url)
        for n in range(20):
            client.chat_postMessage(channel="C0KEEP", text=f"message {n}")
        posted = [m["text"] for m in fake.messages("C0KEEP")]
    assert posted == [f"message {n}" for n in range(20)]
