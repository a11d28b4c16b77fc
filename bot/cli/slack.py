"""The Slack Web API client the CLI builds, and the start-up token check."""

from __future__ import annotations

import logging
from functools import cached_property

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.cli.base import CliError
from bot.settings import WHERE_TO_GET, Settings
from bot.slack_http import KeepAliveWebClient

log = logging.getLogger(__name__)

# auth.test errors that mean the token itself is wrong, not that Slack is unreachable.
REJECTED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


def web_client(settings: Settings) -> WebClient:
    return KeepAliveWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)


def check_token(client: WebClient, settings: Settings) -> None:
    """Call auth.test once, so a bad token stops start-up with a clear line."""
    try:
        reply = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error")
        if error in REJECTED:
            raise CliError(
                f"Slack rejected SLACK_BOT_TOKEN ({error}); copy it again from "
                f"{WHERE_TO_GET['SLACK_BOT_TOKEN']}"
            ) from None
        raise CliError(f"auth.test failed at {settings.slack_api_url}: {error}", 1) from None
    except OSError as exc:
        raise CliError(f"cannot reach Slack at {settings.slack_api_url}: {exc}", 1) from None
    log.info("Connected to Slack team %s as %s", reply.get("team"), reply.get("user"))


class EmailResolver:
    """users.lookupByEmail, asked at most once per address; the client is built on first use."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._known: dict[str, str | None] = {}

    def __call__(self, email: str) -> str | None:
        key = email.casefold()
        if key not in self._known:
            self._known[key] = self._lookup(email)
        return self._known[key]

    def _lookup(self, email: str) -> str | None:
        if not self._settings.slack_bot_token:
            raise CliError(
                "SLACK_BOT_TOKEN is needed to look up Slack users by email; get it at "
                f"{WHERE_TO_GET['SLACK_BOT_TOKEN']} (or give slack_user_id instead)"
            )
        try:
            reply = self._client.users_lookupByEmail(email=email)
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown_error")
            if error == "users_not_found":
                return None
            raise CliError(f"users.lookupByEmail failed for {email}: {error}", 1) from None
        user = reply.get("user") or {}
        return str(user["id"]) if user.get("id") else None

    @cached_property
    def _client(self) -> WebClient:
        return web_client(self._settings)
