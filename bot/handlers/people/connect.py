"""Invitations by email through Slack Connect: the jurisdiction's shared channel is created on
the first one, then one `conversations.inviteShared` per address (Slack takes one at a time).
What Slack refused is said in one line; only what it accepted is recorded as pending."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.errors import SlackApiError

from bot.connect_slack import create_channel, refused_line, send_each
from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.people.saving import finish
from bot.handlers.reporting.home import with_homes
from bot.workflows.people import connect


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
    return send_each(private.client, channel, plan.emails)


def shared_channel(deps: Deps, private: Private, plan: connect.Plan) -> str:
    """Create the jurisdiction's channel, bring the point of contact in, and keep it."""
    created = create_channel(private.client, plan.channel_name, private.user)
    return transact(
        deps,
        lambda s: connect.record_channel(
            s, jurisdiction=plan.jurisdiction, channel=created, by=private.user, now=deps.now()
        ),
    )
