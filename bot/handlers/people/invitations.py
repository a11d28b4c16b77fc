"""Committee set-up, invitations, and a POC's Edit / Remove buttons: modals in, outbox DMs out.

`/assess admin` and `/assess invite` open their modals at once with the command's trigger_id;
App Home (and the command, should the trigger have expired) offers buttons that open them.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.compose import slack_lines
from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, opened, transact
from bot.handlers.reporting import home
from bot.workflows.people import admin, invitations
from bot.workflows.people.membership import Outcome

# AdminRequest.problems() names fields; Slack wants the block under which to show each.
ADMIN_FIELDS = {
    "poc": ids.POC_USER,
    "jurisdiction": ids.POC_JURISDICTION,
    "deadline": ids.CYCLE_DEADLINE,
}


def register(app: App, deps: Deps) -> None:
    @app.action(ids.ADMIN_OPEN)
    def open_admin(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        _, private, from_home = clicked(body, client)
        with explained(private.say):
            form = transact(deps, lambda s: admin.admin_form(s, user=private.user))
            open_admin_modal(deps, client, (private, from_home), form, body["trigger_id"])

    @app.view(ids.ADMIN_MODAL)
    def save_admin(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        request = admin_request(body["view"]["state"]["values"])
        problems = request.problems(deps.now())
        if problems:  # shown under the fields; the modal stays open
            ack(response_action="errors", errors={ADMIN_FIELDS[k]: v for k, v in problems.items()})
            return
        ack()
        private, from_home = submitter(body, client)
        with explained(private.say):
            out = transact(
                deps,
                lambda s: admin.apply_admin(
                    s, deps.compose, user=private.user, request=request, now=deps.now()
                ),
            )
            finish(deps, client, private, out, from_home=from_home)

    @app.action(ids.INVITE_OPEN)
    def open_invite(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        _, private, from_home = clicked(body, client)
        with explained(private.say):
            form = transact(deps, lambda s: invitations.invite_form(s, user=private.user))
            open_member_modal(deps, client, body["trigger_id"], (private, from_home), form)

    @app.view(ids.INVITE_MODAL)
    def save_invite(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        values, (private, from_home) = body["view"]["state"]["values"], submitter(body, client)
        with explained(private.say):
            out = transact(
                deps,
                lambda s: invitations.invite(
                    s,
                    deps.catalog,
                    deps.compose,
                    user=private.user,
                    invitees=picked(values, ids.INVITE_USERS),
                    agency=typed(values, ids.AGENCY_NAME),
                    topics=picked(values, ids.TOPICS),
                    now=deps.now(),
                ),
            )
            finish(deps, client, private, out, from_home=from_home)

    @app.action(ids.MEMBER_EDIT)
    def open_edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, private, from_home = clicked(body, client)
        member_id = int(action["value"])
        with explained(private.say):
            form = transact(
                deps, lambda s: invitations.member_form(s, user=private.user, member_id=member_id)
            )
            open_member_modal(deps, client, body["trigger_id"], (private, from_home), form)

    @app.view(ids.MEMBER_EDIT_MODAL)
    def save_edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        values, (private, from_home) = body["view"]["state"]["values"], submitter(body, client)
        member_id = int(json.loads(body["view"]["private_metadata"])["m"])
        with explained(private.say):
            out = transact(
                deps,
                lambda s: invitations.edit_member(
                    s,
                    deps.catalog,
                    deps.compose,
                    user=private.user,
                    member_id=member_id,
                    agency=typed(values, ids.AGENCY_NAME),
                    topics=picked(values, ids.TOPICS),
                    now=deps.now(),
                ),
            )
            finish(deps, client, private, out, from_home=from_home)

    @app.action(ids.MEMBER_REMOVE)
    def remove(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()  # Slack asked "Remove this participant?" before sending the click
        action, private, from_home = clicked(body, client)
        member_id = int(action["value"])
        with explained(private.say):
            out = transact(
                deps,
                lambda s: invitations.revoke_member(
                    s, deps.compose, user=private.user, member_id=member_id, now=deps.now()
                ),
            )
            finish(deps, client, private, out, from_home=from_home)


@route("admin")
def _admin(deps: Deps, client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: admin.admin_form(s, user=private.user))
    if not opened(
        lambda: open_admin_modal(deps, client, (private, False), form, private.trigger_id)
    ):
        blocks = deps.render.blocks("admin/prompt.blocks.json.j2", form=form)
        private.say("Committee set-up: the cycle and each jurisdiction's point of contact", blocks)


@route("invite")
def _invite(deps: Deps, client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: invitations.invite_form(s, user=private.user))
    if not opened(
        lambda: open_member_modal(deps, client, private.trigger_id, (private, False), form)
    ):
        blocks = deps.render.blocks("invite/prompt.blocks.json.j2", jurisdiction=form.jurisdiction)
        private.say(f"Invite people to answer for {form.jurisdiction}", blocks)


def open_admin_modal(
    deps: Deps,
    client: WebClient,
    where: tuple[Private, bool],
    form: admin.AdminForm,
    trigger_id: str,
) -> None:
    metadata = json.dumps({"c": where[0].channel, "h": where[1]})
    view = deps.render.json("admin/modal.json.j2", form=form, metadata=metadata)
    client.views_open(trigger_id=trigger_id, view=view)


def open_member_modal(
    deps: Deps,
    client: WebClient,
    trigger_id: str,
    where: tuple[Private, bool],
    form: invitations.MemberForm,
) -> None:
    metadata = json.dumps({"c": where[0].channel, "h": where[1], "m": form.member_id})
    view = deps.render.json(
        "invite/modal.json.j2",
        metadata=metadata,
        jurisdiction=form.jurisdiction,
        member=form if form.member_id is not None else None,
        topics=deps.catalog.topics,
    )
    client.views_open(trigger_id=trigger_id, view=view)


def finish(
    deps: Deps, client: WebClient, private: Private, out: Outcome, *, from_home: bool
) -> None:
    """After the commit: send the queued DMs, tell the person what happened, redraw Homes.
    From App Home the line is a DM message, since an ephemeral there is gone on return."""
    deliver(deps, out.keys)
    text = slack_lines(out.said)
    if from_home:
        client.chat_postMessage(channel=private.channel, text=text)
    else:
        private.say(text)
    home.publish(deps, client, out.homes)


def submitter(body: dict[str, Any], client: WebClient) -> tuple[Private, bool]:
    """Where the modal was opened from, carried in its metadata, and whether that was App Home."""
    user = body["user"]["id"]
    meta = json.loads(body["view"].get("private_metadata") or "{}")
    return Private(client, meta.get("c") or dm(client, user), user), bool(meta.get("h"))


def dm(client: WebClient, user: str) -> str:
    return str(client.conversations_open(users=user)["channel"]["id"])


def admin_request(values: dict[str, Any]) -> admin.AdminRequest:
    chosen = (values.get(ids.POC_JURISDICTION, {}).get(ids.POC_JURISDICTION) or {}).get(
        "selected_option"
    ) or {}
    day = (values.get(ids.CYCLE_DEADLINE, {}).get(ids.CYCLE_DEADLINE) or {}).get("selected_date")
    return admin.AdminRequest(
        cycle_name=typed(values, ids.CYCLE_NAME),
        deadline=date.fromisoformat(day) if day else None,
        jurisdiction=str(chosen.get("value") or ""),
        poc=one_user(values, ids.POC_USER),
        committee=one_user(values, ids.COMMITTEE_USER),
    )


def typed(values: dict[str, Any], key: str) -> str:
    return str((values.get(key, {}).get(key) or {}).get("value") or "")


def one_user(values: dict[str, Any], key: str) -> str:
    return str((values.get(key, {}).get(key) or {}).get("selected_user") or "")


def picked(values: dict[str, Any], key: str) -> list[str]:
    """Users of a multi_users_select, or option values of a multi_static_select."""
    state = values.get(key, {}).get(key) or {}
    if "selected_users" in state:
        return [str(u) for u in state["selected_users"] or []]
    return [str(o["value"]) for o in state.get("selected_options") or []]
