"""The Slack calls of an invitation by email through Slack Connect, shared by `/assess invite`
(bot/handlers/people/connect.py) and `import-contacts` (bot/cli/contacts_connect.py): create the
jurisdiction's channel, send one `conversations.inviteShared` per address (Slack takes one at a
time), and word what Slack refused in one line."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

# Slack's answers that mean Slack Connect cannot be used from this workspace at all
# (https://docs.slack.dev/reference/methods/conversations.inviteShared, errors).
UNAVAILABLE = {
    "not_paid": "Slack Connect is not available in this workspace: it needs a paid Slack plan",
    "not_allowed_for_grid_workspace": "Slack Connect is not enabled in this workspace",
    "missing_scope": (
        "the bot lacks the `conversations.connect:write` permission; the workspace's admin must "
        "reinstall it with the scopes in its manifest"
    ),
    "restricted_action": (
        "the workspace's settings do not let the bot send Slack Connect invitations"
    ),
    "no_external_invite_permission": (
        "the workspace's settings do not let the bot invite people from other organisations"
    ),
}
NAME_TRIES = 5  # #assess-tx, then #assess-tx-2 … when the name is taken by another channel


def create_channel(client: WebClient, name: str, poc: str) -> str:
    """A new public channel named `name` (or `name-2` … when taken), with the POC in it."""
    created = _create(client, name)
    client.conversations_invite(channel=created, users=poc)
    return created


def send_each(
    client: WebClient, channel: str, emails: Sequence[str]
) -> tuple[list[tuple[str, str]], str]:
    """The (email, invite id) pairs Slack accepted, and a line about what it refused; the first
    refusal stops the rest (a workspace without Slack Connect refuses them all alike)."""
    sent: list[tuple[str, str]] = []
    for email in emails:
        try:
            reply = client.conversations_inviteShared(
                channel=channel, emails=[email], external_limited=True
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            return sent, refused_line(error, email, rest=len(emails) - len(sent) - 1)
        sent.append((email, str(reply["invite_id"])))
    return sent, ""


def _create(client: WebClient, name: str) -> str:
    for attempt in range(1, NAME_TRIES + 1):
        try:
            reply = client.conversations_create(name=name if attempt == 1 else f"{name}-{attempt}")
        except SlackApiError as exc:
            if exc.response.get("error") != "name_taken" or attempt == NAME_TRIES:
                raise
            continue
        return str(reply["channel"]["id"])
    raise AssertionError("unreachable")  # pragma: no cover


def refused_line(error: str, email: str, *, rest: int = 0) -> str:
    """One line for the person who tried; Slack's own error word is kept for their admin."""
    unsent = f" The other {rest} address(es) were not sent." if rest else ""
    if error in UNAVAILABLE:
        return f"No Slack Connect invitation was sent: {UNAVAILABLE[error]} (`{error}`).{unsent}"
    if error == "already_in_channel":
        return f"{email} is already in the shared channel; nothing was sent to them.{unsent}"
    if error == "invalid_email":
        return f"Slack says {email} is not a valid address; nothing was sent to them.{unsent}"
    who = f" of {email}" if email else ""
    return f"Slack refused the invitation{who} (`{error}`); nothing was recorded for it.{unsent}"
