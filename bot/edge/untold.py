"""Slack's Web API failing while the bot answers someone is a Slack outage, not a bad request:
the person is told so, through the request's response_url (a separate endpoint that often still
works), with the line the bot meant to say when it had one (what was saved, how to go on)."""

from __future__ import annotations

from http.client import HTTPException

from slack_sdk.errors import SlackClientError

SLACK_TROUBLE = (
    "Slack did not take my reply just now, so you may not see the result here. Anything "
    "already saved stays saved: type `/assess help` to see where things stand, and try again "
    "in a minute."
)


class Untold(SlackClientError):
    """A line for one person that Slack would not take; the guard sends it another way."""

    def __init__(self, line: str) -> None:
        # The line may quote what the person typed: it is kept for them, never put in a log.
        super().__init__("could not tell the person their reply")
        self.line = line


def is_slack_failure(error: BaseException) -> bool:
    """A Web API call refused (5xx, an error Slack gave), timed out or cut off."""
    return isinstance(error, SlackClientError | OSError | HTTPException)


def slack_reason(error: BaseException) -> str:
    """What to log of a Slack failure: its kind and Slack's error word, never a body."""
    response = getattr(error, "response", None)
    word = response.get("error") if response is not None and hasattr(response, "get") else None
    return f"{type(error).__name__} ({word})" if word else type(error).__name__


def line_for_slack_failure(error: BaseException) -> str:
    return error.line if isinstance(error, Untold) else SLACK_TROUBLE
