"""Which token may call what: the Web API takes a bot token, and Socket Mode's handshake
(apps.connections.open) only an app-level token."""

from __future__ import annotations

from sandbox.slack.common import ApiError
from sandbox.slack.http import Reply


def check_bot_token(token: str | None, accepted: str) -> None:
    """Any xoxb- token passes, or the one the fake was started with."""
    if token is None:
        raise ApiError("not_authed")
    if not (token.startswith("xoxb-") or token == accepted):
        raise ApiError("invalid_auth")


def socket_mode_url(token: str | None, url: str | None) -> Reply:
    """Socket Mode's handshake: only an app-level token (xapp-) may ask for a URL."""
    if token is None:
        raise ApiError("not_authed")
    if not token.startswith("xapp-"):
        raise ApiError("not_allowed_token_type")
    if not url:
        raise ApiError("invalid_auth")
    return Reply(200, {"ok": True, "url": url})
