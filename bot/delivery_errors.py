"""What a failed Slack call means for an outbox row: wait as told, retry later, or give up."""

from __future__ import annotations

from dataclasses import dataclass
from http.client import HTTPException

from slack_sdk.errors import SlackApiError, SlackClientError

# Refusals that will not change by trying again.
PERMANENT = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "cannot_dm_bot",
        "user_disabled",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
    }
)
RATE_LIMITED = frozenset({"ratelimited", "rate_limited"})
POST_METHOD = "chat.postMessage"  # rate-limited per channel; other methods per workspace
FIRST_RETRY = 30.0  # seconds; doubles with each attempt
LONGEST_RETRY = 3600.0
MAX_ATTEMPTS = 12  # about six hours of transient failures before a row is given up


@dataclass(frozen=True)
class Failure:
    error: str
    permanent: bool = False
    retry_after: float | None = None  # set for a 429: Slack says how long to rest
    method_wide: bool = False  # the limit is on a method (e.g. conversations.open), not a channel

    def reason(self, attempts: int) -> str:
        if self.permanent:
            return self.error
        return f"{self.error} (gave up after {attempts} attempts)"


def classify(exc: SlackClientError | OSError | HTTPException) -> Failure:
    if not isinstance(exc, SlackApiError):
        return Failure(f"{type(exc).__name__}: {exc}"[:200])
    status = exc.response.status_code
    error = str(exc.response.get("error") or "") or f"http_{status}"
    if status == 429 or error in RATE_LIMITED:
        method = str(getattr(exc.response, "api_url", "")).rstrip("/").rsplit("/", 1)[-1]
        return Failure(
            "ratelimited",
            retry_after=_retry_after(exc.response.headers),
            method_wide=bool(method) and method != POST_METHOD,
        )
    return Failure(error, permanent=error in PERMANENT)


def next_try(failure: Failure, attempts: int) -> float | None:
    """Seconds until the next attempt, or None to give up."""
    if failure.permanent:
        return None
    if failure.retry_after is not None:
        return failure.retry_after  # a rate limit is not the message's fault: never give up
    if attempts >= MAX_ATTEMPTS:
        return None
    return float(min(FIRST_RETRY * 2.0 ** max(attempts - 1, 0), LONGEST_RETRY))


def _retry_after(headers: object) -> float:
    """Retry-After in seconds (1 when missing or unreadable); header names are case-blind."""
    items = headers.items() if isinstance(headers, dict) else ()
    for name, value in items:
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(float(str(raw)), 0.0)
            except ValueError:
                break
    return 1.0
