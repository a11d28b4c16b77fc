"""Slack Connect's side of an invitation by email (accepted, approved, declined events), the
point of contact's pending list (`/assess people`, Resend and Cancel), all for connect.py's
invitations."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.connect_slack import refused_line
from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.people.saving import change
from bot.handlers.reporting.home import publish
from bot.workflows.people import connect_events, pending
from bot.workflows.people.membership import Outcome

PENDING_MENU = re.compile(f"^{ids.PENDING_MENU}:")  # one overflow menu per listed invitation


def register(app: App, deps: Deps) -> None:
    app.event("shared_channel_invite_accepted")(bound(deps, accepted))
    app.event("shared_channel_invite_approved")(bound(deps, approved))
    app.event("shared_channel_invite_declined")(bound(deps, declined))
    app.action(PENDING_MENU)(bound(deps, pending_menu))


def accepted(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    event = slack.body["event"]
    person = event.get("accepting_user") or {}
    _told(
        deps,
        slack.client,
        lambda s: connect_events.accepted(
            s,
            deps.catalog,
            deps.compose,
            invite_id=str((event.get("invite") or {}).get("id") or ""),
            user=str(person.get("id") or ""),
            team=str(person.get("team_id") or ""),
            approval_required=bool(event.get("approval_required")),
            now=deps.now(),
        ),
    )


def approved(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    event = slack.body["event"]
    invite = event.get("invite") or {}
    _told(
        deps,
        slack.client,
        lambda s: connect_events.approved(
            s,
            deps.catalog,
            deps.compose,
            invite_id=str(invite.get("id") or ""),
            user=str(invite.get("recipient_user_id") or ""),
            team="",  # the approving team may be either side; the acceptance named theirs
            now=deps.now(),
        ),
    )


def declined(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    invite = slack.body["event"].get("invite") or {}
    _told(
        deps,
        slack.client,
        lambda s: connect_events.declined(
            s, deps.compose, invite_id=str(invite.get("id") or ""), now=deps.now()
        ),
    )


def _told(deps: Deps, client: WebClient, work: Callable[[Session], Outcome]) -> None:
    """One workflow for an event; then its messages and the point of contact's Home."""
    out = transact(deps, work)
    deliver(deps, out.keys)
    if out.homes:
        publish(deps, client, out.homes)


def pending_menu(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, from_home = clicked(slack.body, slack.client)
    chosen, _, row_text = str((action.get("selected_option") or {}).get("value") or "").partition(
        ":"
    )
    row = int(row_text) if row_text.isdigit() else 0
    if chosen == ids.PENDING_CANCEL:
        change(
            deps,
            private,
            lambda s: connect_events.cancel(s, user=private.user, row=row, now=deps.now()),
            from_home=from_home,
        )
    elif chosen == ids.PENDING_RESEND:
        resend(deps, private, row, from_home=from_home)


def resend(deps: Deps, private: Private, row: int, *, from_home: bool) -> None:
    """Send Slack's invitation again (a new invite id), then record it as pending afresh."""
    with explained(private.say):
        channel, email = transact(
            deps, lambda s: connect_events.resend_target(s, user=private.user, row=row)
        )
        try:
            reply = private.client.conversations_inviteShared(
                channel=channel, emails=[email], external_limited=True
            )
        except SlackApiError as exc:
            private.say(refused_line(str(exc.response.get("error")), email))
            return
        change(
            deps,
            private,
            lambda s: connect_events.resent(
                s, user=private.user, row=row, invite_id=str(reply["invite_id"]), now=deps.now()
            ),
            from_home=from_home,
        )


@route("people")
def _people(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    code, invites = transact(
        deps, lambda s: pending.people_view(s, user=private.user, now=deps.now())
    )
    blocks = deps.render.blocks("connect/people.blocks.json.j2", jurisdiction=code, invites=invites)
    private.say(f"People invited to answer for {code}", blocks)
