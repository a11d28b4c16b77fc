"""Invitations and a POC's Edit / Remove buttons: modals in, outbox DMs out.

`/assess invite` (like `/assess admin`, in `admin.py`, registered from here) opens its modal at
once with the command's trigger_id; App Home (and the command, should the trigger have expired)
offers buttons that open it. Every save runs one workflow and reads the Homes it touched in the
same unit of work (`saving.py`).
"""

from __future__ import annotations

import json

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids, refs
from bot.handlers.clicks import clicked, metadata, submitter
from bot.handlers.commands import route
from bot.handlers.common import Private, explained, opened, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.people import admin, connect, connect_events
from bot.handlers.people.modal_values import emailed, picked, typed
from bot.handlers.people.saving import change, saved
from bot.workflows.people import forms, invitations, invitees, members

EMAIL_INPUTS = 3  # addresses of people from other organisations per invitation


def register(app: App, deps: Deps) -> None:
    admin.register(app, deps)
    connect_events.register(app, deps)
    app.action(ids.INVITE_OPEN)(bound(deps, open_invite))
    app.view(ids.INVITE_MODAL)(bound(deps, save_invite))
    app.action(ids.MEMBER_EDIT)(bound(deps, open_edit))
    app.view(ids.MEMBER_EDIT_MODAL)(bound(deps, save_edit))
    app.action(ids.MEMBER_REMOVE)(bound(deps, remove))


def open_invite(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        form = transact(deps, lambda s: forms.invite_form(s, deps.catalog, user=private.user))
        open_member_modal(deps, slack.body["trigger_id"], (private, from_home), form)


def save_invite(deps: Deps, slack: Incoming) -> None:
    values = slack.body["view"]["state"]["values"]
    chosen, user = picked(values, ids.INVITE_USERS), slack.body["user"]["id"]
    try:
        refused = transact(deps, lambda s: invitees.refused_invitee(s, user=user, invitees=chosen))
    except Exception:  # the save below tells the person what went wrong
        refused = ""
    if refused:  # shown under the field; the modal stays open with everyone still chosen
        slack.ack(response_action="errors", errors={ids.INVITE_USERS: refused})
        return
    slack.ack()
    mode = (values.get(ids.INVITE_MODE, {}).get(ids.INVITE_MODE) or {}).get("selected_option")
    emails = emailed(values, EMAIL_INPUTS)
    if emails:  # people from other organisations: Slack Connect (connect.py)
        private, from_home = submitter(slack.body, slack.client)
        connect.invite_by_email(
            deps,
            private,
            emails=emails,
            agency=typed(values, ids.AGENCY_NAME),
            topics=picked(values, ids.TOPICS),
            from_home=from_home,
        )
        if not picked(values, ids.INVITE_USERS):
            return
    saved(
        deps,
        slack,
        lambda s, user: invitations.invite(
            s,
            deps.catalog,
            deps.compose,
            user=user,
            invitees=picked(values, ids.INVITE_USERS),
            agency=typed(values, ids.AGENCY_NAME),
            topics=picked(values, ids.TOPICS),
            now=deps.now(),
            mode=str((mode or {}).get("value") or invitations.ADD),
        ),
    )


def open_edit(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        member_id = refs.integer(action.get("value"))
        form = transact(
            deps, lambda s: members.member_form(s, user=private.user, member_id=member_id)
        )
        open_member_modal(deps, slack.body["trigger_id"], (private, from_home), form)


def save_edit(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    values = slack.body["view"]["state"]["values"]
    saved(
        deps,
        slack,
        lambda s, user: members.edit_member(
            s,
            deps.catalog,
            deps.compose,
            user=user,
            member_id=refs.number(metadata(slack.body), "m"),
            agency=typed(values, ids.AGENCY_NAME),
            topics=picked(values, ids.TOPICS),
            now=deps.now(),
        ),
    )


def remove(deps: Deps, slack: Incoming) -> None:
    slack.ack()  # Slack asked "Remove this participant?" before sending the click
    action, private, from_home = clicked(slack.body, slack.client)
    change(
        deps,
        private,
        lambda s: members.revoke_member(
            s,
            deps.compose,
            user=private.user,
            member_id=refs.integer(action.get("value")),
            now=deps.now(),
        ),
        from_home=from_home,
    )


@route("invite")
def _invite(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: forms.invite_form(s, deps.catalog, user=private.user))
    if not opened(lambda: open_member_modal(deps, private.trigger_id, (private, False), form)):
        blocks = deps.render.blocks("invite/prompt.blocks.json.j2", jurisdiction=form.jurisdiction)
        private.say(f"Invite people to answer for {form.jurisdiction}", blocks)


def open_member_modal(
    deps: Deps, trigger_id: str, where: tuple[Private, bool], form: forms.MemberForm
) -> None:
    metadata = json.dumps({"c": where[0].channel, "h": where[1], "m": form.member_id})
    view = deps.render.json(
        "invite/modal.json.j2",
        metadata=metadata,
        jurisdiction=form.jurisdiction,
        member=form if form.member_id is not None else None,
        taking_part=form.taking_part,
        topics=deps.catalog.topics,
        email_inputs=EMAIL_INPUTS if form.member_id is None else 0,
    )
    where[0].client.views_open(trigger_id=trigger_id, view=view)
