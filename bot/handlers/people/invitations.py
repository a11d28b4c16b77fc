"""Committee set-up, invitations, and a POC's Edit / Remove buttons: modals in, outbox DMs out.

`/assess admin` and `/assess invite` open their modals at once with the command's trigger_id;
App Home (and the command, should the trigger have expired) offers buttons that open them.
Every save runs one workflow and reads the Homes it touched in the same unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.compose import slack_lines
from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, opened, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.people.modal_values import admin_request, picked, typed
from bot.handlers.reporting.home import publish_homes, with_homes
from bot.slack_names import learn
from bot.workflows.people import admin, forms, invitations, members
from bot.workflows.people.membership import Outcome

# AdminRequest.problems() names fields; Slack wants the block under which to show each.
ADMIN_FIELDS = {
    "poc": ids.POC_USER,
    "jurisdiction": ids.POC_JURISDICTION,
    "deadline": ids.CYCLE_DEADLINE,
}


def register(app: App, deps: Deps) -> None:
    app.action(ids.ADMIN_OPEN)(bound(deps, open_admin))
    app.view(ids.ADMIN_MODAL)(bound(deps, save_admin))
    app.action(ids.INVITE_OPEN)(bound(deps, open_invite))
    app.view(ids.INVITE_MODAL)(bound(deps, save_invite))
    app.action(ids.MEMBER_EDIT)(bound(deps, open_edit))
    app.view(ids.MEMBER_EDIT_MODAL)(bound(deps, save_edit))
    app.action(ids.MEMBER_REMOVE)(bound(deps, remove))


def open_admin(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        form = transact(deps, lambda s: admin.admin_form(s, user=private.user))
        open_admin_modal(deps, (private, from_home), form, slack.body["trigger_id"])


def save_admin(deps: Deps, slack: Incoming) -> None:
    request = admin_request(slack.body["view"]["state"]["values"])
    problems = request.problems(deps.now())
    if problems:  # shown under the fields; the modal stays open
        errors = {ADMIN_FIELDS[k]: v for k, v in problems.items()}
        slack.ack(response_action="errors", errors=errors)
        return
    slack.ack()
    saved(
        deps,
        slack,
        lambda s, user: admin.apply_admin(
            s, deps.compose, user=user, request=request, now=deps.now()
        ),
    )


def open_invite(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        form = transact(deps, lambda s: forms.invite_form(s, deps.catalog, user=private.user))
        open_member_modal(deps, slack.body["trigger_id"], (private, from_home), form)


def save_invite(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    values = slack.body["view"]["state"]["values"]
    mode = (values.get(ids.INVITE_MODE, {}).get(ids.INVITE_MODE) or {}).get("selected_option")
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
    member_id = int(action["value"])
    with explained(private.say):
        form = transact(
            deps, lambda s: members.member_form(s, user=private.user, member_id=member_id)
        )
        open_member_modal(deps, slack.body["trigger_id"], (private, from_home), form)


def save_edit(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    values = slack.body["view"]["state"]["values"]
    member_id = int(json.loads(slack.body["view"]["private_metadata"])["m"])
    saved(
        deps,
        slack,
        lambda s, user: members.edit_member(
            s,
            deps.catalog,
            deps.compose,
            user=user,
            member_id=member_id,
            agency=typed(values, ids.AGENCY_NAME),
            topics=picked(values, ids.TOPICS),
            now=deps.now(),
        ),
    )


def remove(deps: Deps, slack: Incoming) -> None:
    slack.ack()  # Slack asked "Remove this participant?" before sending the click
    action, private, from_home = clicked(slack.body, slack.client)
    member_id = int(action["value"])
    with explained(private.say):
        out, homes = with_homes(
            deps,
            lambda s: members.revoke_member(
                s, deps.compose, user=private.user, member_id=member_id, now=deps.now()
            ),
            _homes,
        )
        finish(deps, private, out, homes, from_home=from_home)


def saved(deps: Deps, slack: Incoming, work: Callable[[Session, str], Outcome]) -> None:
    """A people modal's save: one workflow, the Homes it touched, then DMs, a line and Homes."""
    private, from_home = submitter(slack.body, slack.client)
    with explained(private.say):
        out, homes = with_homes(deps, lambda s: work(s, private.user), _homes)
        finish(deps, private, out, homes, from_home=from_home)


@route("admin")
def _admin(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: admin.admin_form(s, user=private.user))
    if not opened(lambda: open_admin_modal(deps, (private, False), form, private.trigger_id)):
        blocks = deps.render.blocks("admin/prompt.blocks.json.j2", form=form)
        private.say("Committee set-up: the cycle and each jurisdiction's point of contact", blocks)


@route("invite")
def _invite(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: forms.invite_form(s, deps.catalog, user=private.user))
    if not opened(lambda: open_member_modal(deps, private.trigger_id, (private, False), form)):
        blocks = deps.render.blocks("invite/prompt.blocks.json.j2", jurisdiction=form.jurisdiction)
        private.say(f"Invite people to answer for {form.jurisdiction}", blocks)


def open_admin_modal(
    deps: Deps, where: tuple[Private, bool], form: admin.AdminForm, trigger_id: str
) -> None:
    metadata = json.dumps({"c": where[0].channel, "h": where[1]})
    view = deps.render.json("admin/modal.json.j2", form=form, metadata=metadata)
    where[0].client.views_open(trigger_id=trigger_id, view=view)


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
    )
    where[0].client.views_open(trigger_id=trigger_id, view=view)


def finish(
    deps: Deps, private: Private, out: Outcome, homes: list[Any], *, from_home: bool
) -> None:
    """After the commit: send the queued DMs, tell the person what happened, redraw Homes.
    From App Home the line is a DM message, since an ephemeral there is gone on return."""
    deliver(deps, out.keys)
    text = slack_lines(out.said)
    if from_home:
        private.client.chat_postMessage(channel=private.channel, text=text)
    else:
        private.say(text)
    publish_homes(deps, private.client, homes)
    learn(deps, out.homes)  # the names of people just brought in, for the Committee's readers


def submitter(body: dict[str, Any], client: WebClient) -> tuple[Private, bool]:
    """Where the modal was opened from, carried in its metadata, and whether that was App Home."""
    user = body["user"]["id"]
    meta = json.loads(body["view"].get("private_metadata") or "{}")
    channel = meta.get("c") or client.conversations_open(users=user)["channel"]["id"]
    return Private(client, channel, user), bool(meta.get("h"))


def _homes(out: Outcome) -> list[str]:
    return out.homes
