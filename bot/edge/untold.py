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
        super().__init__(f"could not tell the person: {line[:80]}")
        self.line = line


def is_slack_failure(error: BaseException) -> bool:
    """A Web API call refused (5xx, an error Slack gave), timed out or cut off."""
    return isinstance(error, SlackClientError | OSError | HTTPException)


def line_for_slack_failure(error: BaseException) -> str:
    return error.line if isinstance(error, Untold) else SLACK_TROUBLE
