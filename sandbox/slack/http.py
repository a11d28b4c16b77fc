"""HTTP plumbing of the fake: parses a request the way Slack does and hands it to a dispatcher."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sandbox.slack.records import JSON


@dataclass(frozen=True)
class Request:
    section: str  # first path segment: "api", "response", "upload", ...
    name: str  # the rest of the path: a method name, a response URL key, a file id
    args: JSON  # query string and body merged, without the token
    token: str | None
    raw: bytes
    body_error: str  # "invalid_json" / "json_not_object" when the body could not be used


@dataclass(frozen=True)
class Reply:
    status: int
    body: JSON | str | bytes  # bytes are sent as they are, with `content_type`
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/octet-stream"


Dispatch = Callable[[Request], Reply]
DISCONNECT = 0  # a Reply status meaning: close the connection without answering


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5: a burst of new connections (every slack_sdk call
    # opens one) overflows it, and each dropped connect waits a second for TCP to try again.
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], dispatch: Dispatch) -> None:
        super().__init__(address, _Handler)
        self.dispatch = dispatch


class _Handler(BaseHTTPRequestHandler):
    server: Server
    # Like Slack, keep a connection open for the next request unless the client says close.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without this, Nagle holds the body back until
    # the client's delayed ACK (~40 ms) on a kept-alive connection.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        # slack_sdk always POSTs, but other clients use GET for the read methods.
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the fake's call log is the transcript."""

    def _handle(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        section, _, name = url.path.lstrip("/").partition("/")
        args, form_token, body_error = parse_args(raw, self.headers.get("Content-Type"), url.query)
        token = _bearer(self.headers.get("Authorization")) or form_token
        self._send(self.server.dispatch(Request(section, name, args, token, raw, body_error)))

    def _send(self, reply: Reply) -> None:
        if reply.status == DISCONNECT:
            self.close_connection = True  # the client sees the connection dropped, no reply
            return
        if isinstance(reply.body, bytes):
            data, ctype = reply.body, reply.content_type
        elif isinstance(reply.body, str):
            data, ctype = reply.body.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(reply.body).encode(), "application/json; charset=utf-8"
        self.send_response(reply.status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        # A client may give up first (a page closed during a long poll): nothing to tell it.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


def _bearer(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def parse_args(raw: bytes, content_type: str | None, query: str) -> tuple[JSON, str | None, str]:
    """Merges query string and body; returns (args, token from a form body, body error code).

    Slack takes tokens from the Authorization header or a form field, never from the query
    string or a JSON body, so only a form `token` is returned. Form lists stay "a,b" strings."""
    args: JSON = dict(parse_qsl(query, keep_blank_values=True))
    args.pop("token", None)
    ctype = (content_type or "").split(";")[0].strip().lower()
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return args, None, ""
    if ctype == "application/json":
        try:
            body = json.loads(text)
        except ValueError:
            return args, None, "invalid_json"
        if not isinstance(body, dict):
            return args, None, "json_not_object"
        body.pop("token", None)
        args.update(body)
        return args, None, ""
    form = dict(parse_qsl(text, keep_blank_values=True))
    token = form.pop("token", None) or None
    args.update(form)
    return args, token, ""
