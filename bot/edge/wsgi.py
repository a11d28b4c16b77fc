"""The WSGI application in front of Bolt: `GET /healthz`, and `POST /slack/events` where a
signed request that cannot be read gets 400 and one log line instead of a traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltResponse
from slack_bolt.context import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.request.internals import build_context
from slack_sdk.signature import SignatureVerifier

from bot.edge import health
from bot.edge.parse import Malformed, decoded, parse
from bot.edge.shapes import check

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
Headers = dict[str, str | Sequence[str]]
Wsgi = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]

# The largest body Slack sends this bot is a click on its longest message, which the click
# carries whole: at most 50 blocks of at most 3,000 characters, JSON- and percent-encoded, about
# half a megabyte at worst. Anything bigger is not Slack, and is refused before it is read.
MAX_BODY = 1024 * 1024
# The ids Bolt copies into each listener's context, which the middleware and listeners read as text.
IDS = (
    *("enterprise_id", "team_id", "user_id", "channel_id", "thread_ts", "response_url"),
    *("actor_enterprise_id", "actor_team_id", "actor_user_id"),
)
STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    404: "404 Not Found",
    413: "413 Content Too Large",
}


def application(bolt: App, path: str, signing_secret: str, healthy: health.Check) -> Wsgi:
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        where, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if where == "/healthz" and method in ("GET", "HEAD"):
            reply = healthy()
        elif where == path and method == "POST":
            reply = _slack(bolt, verifier, environ)
        else:
            reply = _plain(404, "Not Found")
        return _send(reply, start_response)

    return serve


def _slack(bolt: App, verifier: SignatureVerifier | None, environ: WSGIEnvironment) -> BoltResponse:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY:
        log.warning("refused a request of %d bytes", length)
        return _plain(413, "Content Too Large")
    raw: bytes = environ["wsgi.input"].read(length) if length else b""
    headers = _headers(environ)
    try:
        text = decoded(raw)
        stamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        readable = stamp.isascii() and stamp.isdigit()
        if verifier and not (readable and verifier.is_valid(text, stamp, signature)):
            return BoltResponse(status=401, body=json.dumps({"error": "invalid request"}))
        body = parse(text, str(environ.get("CONTENT_TYPE", "")))
        check(body)
        request = _request(text, body, headers, environ)
    except Malformed as problem:
        log.warning("refused a malformed request: %s", problem)
        return _plain(400, "Bad Request")
    return bolt.dispatch(request)


def _request(
    text: str,
    body: dict[str, Any],
    headers: dict[str, str | Sequence[str]],
    environ: WSGIEnvironment,
) -> BoltRequest:
    # Bolt would parse the body again (and read a form that merely mentions "payload" as an
    # interaction, see parse.py): it gets the body as read here, the raw text for its signature.
    request = BoltRequest(body="", query=environ.get("QUERY_STRING", ""), headers=headers)
    request.raw_body, request.body = text, body
    try:
        request.context = build_context(BoltContext({}), body)
    except (TypeError, AttributeError, KeyError, IndexError) as exc:
        # Bolt reads ids from wherever Slack may put them; a shape it cannot read is not Slack's.
        raise Malformed(f"ids cannot be read ({type(exc).__name__})") from None
    for key in IDS:
        if not isinstance(request.context.get(key), str | None):
            raise Malformed(f"{key} is not a string")
    return request


def _headers(environ: WSGIEnvironment) -> Headers:
    found: Headers = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    found["content-type"] = str(environ.get("CONTENT_TYPE", ""))
    return found


def _plain(status: int, text: str) -> BoltResponse:
    return BoltResponse(status=status, body=text, headers={"content-type": "text/plain"})


def _send(reply: BoltResponse, start_response: StartResponse) -> Iterable[bytes]:
    data = reply.body.encode() if isinstance(reply.body, str) else bytes(reply.body or b"")
    headers = [
        (k, v) for k, values in reply.headers.items() for v in values if k != "content-length"
    ]
    status = STATUS.get(reply.status, f"{reply.status} Status")
    start_response(status, [*headers, ("content-length", str(len(data)))])
    return [data]
