"""A Slack Web API client that keeps its HTTP connections open between calls.

slack_sdk's WebClient sends every call through `urllib.request.urlopen`, and urllib closes the
connection after each request (its HTTP handler sets `Connection: close` and builds a new
`http.client` connection per request). So every call paid a TCP connect and, against
slack.com, a TLS handshake. This client keeps one connection per thread and host and reuses it;
everything else (request building, retry handlers, rate-limit and error handling, responses)
stays slack_sdk's own: only the step that moves the bytes is replaced.
"""

from __future__ import annotations

import http.client
import io
import ssl
import threading
import time
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# Drop a connection unused this long rather than race the server closing it.
IDLE_SECONDS = 30.0
# What a server closing an idle kept-alive connection looks like; a fresh one is tried once.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class _Connections(threading.local):
    def __init__(self) -> None:
        self.open: dict[tuple[str, str, int], tuple[http.client.HTTPConnection, float]] = {}


class KeepAliveWebClient(WebClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._connections = _Connections()

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if self.proxy is not None or not url.lower().startswith(("http://", "https://")):
            return super()._perform_urllib_http_request_internal(url, req)
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port or 0)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = dict(req.header_items())
        connection, reused = self._connection(key)
        try:
            response = _exchange(connection, path, req.data, headers)
        except STALE:
            connection.close()
            if not reused:
                raise
            connection, _ = self._connection(key, fresh=True)
            response = _exchange(connection, path, req.data, headers)
        except Exception:
            connection.close()
            self._connections.open.pop(key, None)
            raise
        status, message, body = response
        self._connections.open[key] = (connection, time.monotonic())
        if status >= 400:
            # What urlopen raises, so slack_sdk's retry and error handling see the same thing.
            raise HTTPError(url, status, "", message, io.BytesIO(body))
        charset = message.get_content_charset() or "utf-8"
        text: bytes | str = (
            body if message.get_content_type() == "application/gzip" else body.decode(charset)
        )
        return {"status": status, "headers": message, "body": text}

    def _connection(
        self, key: tuple[str, str, int], *, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        kept = self._connections.open.pop(key, None)
        if kept is not None and not fresh and time.monotonic() - kept[1] < IDLE_SECONDS:
            return kept[0], True
        if kept is not None:
            kept[0].close()
        scheme, host, port = key
        if scheme == "https":
            context = self.ssl or ssl.create_default_context()
            return http.client.HTTPSConnection(
                host, port or None, timeout=self.timeout, context=context
            ), False
        return http.client.HTTPConnection(host, port or None, timeout=self.timeout), False


def _exchange(
    connection: http.client.HTTPConnection, path: str, data: Any, headers: dict[str, str]
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection.request("POST", path, body=data, headers=headers)
    response = connection.getresponse()
    body = response.read()  # read it all, so the connection can carry the next request
    if response.will_close:
        connection.close()
    return response.status, response.headers, body
