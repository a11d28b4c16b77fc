"""Committee set-up: `/assess admin` and App Home's button open the modal; its save names the
cycle, a point of contact or a Committee member."""

from __future__ import annotations

import json

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked
from bot.handlers.commands import route
from bot.handlers.common import Private, explained, opened, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.people.modal_values import admin_request
from bot.handlers.people.saving import saved
from bot.workflows.people import admin

# AdminRequest.problems() names fields; Slack wants the block under which to show each.
ADMIN_FIELDS = {
    "poc": ids.POC_USER,
    "jurisdiction": ids.POC_JURISDICTION,
    "deadline": ids.CYCLE_DEADLINE,
}


def register(app: App, deps: Deps) -> None:
    app.action(ids.ADMIN_OPEN)(bound(deps, open_admin))
    app.view(ids.ADMIN_MODAL)(bound(deps, save_admin))


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


@route("admin")
def _admin(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    form = transact(deps, lambda s: admin.admin_form(s, user=private.user))
    if not opened(lambda: open_admin_modal(deps, (private, False), form, private.trigger_id)):
        blocks = deps.render.blocks("admin/prompt.blocks.json.j2", form=form)
        private.say("Committee set-up: the cycle and each jurisdiction's point of contact", blocks)


def open_admin_modal(
    deps: Deps, where: tuple[Private, bool], form: admin.AdminForm, trigger_id: str
) -> None:
    metadata = json.dumps({"c": where[0].channel, "h": where[1]})
    view = deps.render.json("admin/modal.json.j2", form=form, metadata=metadata)
    where[0].client.views_open(trigger_id=trigger_id, view=view)
