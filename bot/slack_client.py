"""The one way the bot builds a Slack Web API client: bounded in time, retrying what Slack
asks to be retried. The web app, Socket Mode, the clock and the CLI all use it."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.settings import Settings

# One retry each: a listener thread waits at most Retry-After once, never in a loop, and the
# outbox's dispatcher retries anything still undelivered on its own schedule.
RATE_LIMIT_RETRIES = 1
CONNECTION_RETRIES = 1


def make_client(settings: Settings) -> WebClient:
    """A WebClient whose every call gives up after `SLACK_TIMEOUT_SECONDS` per attempt."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout_seconds,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def pacing_itself(client: WebClient) -> WebClient:
    """The same client minus the 429 retry, for the outbox: it paces each channel itself and,
    told to wait, posts to other channels meanwhile instead of sleeping in the client."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[
            h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)
        ],
    )
