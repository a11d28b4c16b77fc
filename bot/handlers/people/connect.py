"""Invitations by email through Slack Connect: the jurisdiction's shared channel is created on
the first one, then one `conversations.inviteShared` per address (Slack takes one at a time).
What Slack refused is said in one line; only what it accepted is recorded as pending."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.people.saving import finish
from bot.handlers.reporting.home import with_homes
from bot.workflows.people import connect

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


def invite_by_email(
    deps: Deps,
    private: Private,
    *,
    emails: Sequence[str],
    agency: str,
    topics: Sequence[str],
    from_home: bool,
) -> None:
    """Check, create the shared channel if need be, send, then record what Slack accepted."""
    with explained(private.say):
        plan = transact(
            deps,
            lambda s: connect.plan(
                s, deps.catalog, user=private.user, emails=emails, agency=agency, topics=topics
            ),
        )
        sent, problem = send_all(deps, private, plan)
        out, homes = with_homes(
            deps,
            lambda s: connect.record_sent(
                s, deps.catalog, user=private.user, plan=plan, sent=sent, now=deps.now()
            ),
            lambda o: o.homes,
        )
        if problem:
            out.say("{problem}", problem=problem)
        finish(deps, private, out, homes, from_home=from_home)


def send_all(deps: Deps, private: Private, plan: connect.Plan) -> tuple[list[tuple[str, str]], str]:
    """The (email, invite id) pairs Slack accepted, and a line about what it refused."""
    if not plan.emails:
        return [], ""
    try:
        channel = plan.channel or shared_channel(deps, private, plan)
    except SlackApiError as exc:
        return [], refused_line(str(exc.response.get("error")), "")
    sent: list[tuple[str, str]] = []
    for email in plan.emails:
        try:
            reply = private.client.conversations_inviteShared(
                channel=channel, emails=[email], external_limited=True
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            return sent, refused_line(error, email, rest=len(plan.emails) - len(sent) - 1)
        sent.append((email, str(reply["invite_id"])))
    return sent, ""


def shared_channel(deps: Deps, private: Private, plan: connect.Plan) -> str:
    """Create the jurisdiction's channel, bring the point of contact in, and keep it."""
    created = _create(private.client, plan.channel_name)
    private.client.conversations_invite(channel=created, users=private.user)
    return transact(
        deps,
        lambda s: connect.record_channel(
            s, jurisdiction=plan.jurisdiction, channel=created, by=private.user, now=deps.now()
        ),
    )


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
