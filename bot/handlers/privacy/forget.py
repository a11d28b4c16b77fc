"""The Committee's "Forget a person" button and its modal, which asks for a ticked confirmation;
`/assess readmit <user or email>`, which lets a forgotten person be added again."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked, show, submitter
from bot.handlers.commands import route
from bot.handlers.common import Private, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.reporting import home
from bot.workflows.privacy import forget


def register(app: App, deps: Deps) -> None:
    app.action(ids.FORGET_OPEN)(bound(deps, forget_open))
    app.view(ids.FORGET_MODAL)(bound(deps, forget_confirmed))


def forget_open(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    _action, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        transact(deps, lambda s: forget.may_forget(s, user=private.user))
        meta = json.dumps({"ch": private.channel, "h": from_home})
        view = deps.render.json("privacy/forget_modal.json.j2", metadata=meta)
        slack.client.views_open(trigger_id=slack.body["trigger_id"], view=view)


def forget_confirmed(deps: Deps, slack: Incoming) -> None:
    who, errors = read_form(slack.body["view"]["state"]["values"])
    if errors:
        slack.ack(response_action="errors", errors=errors)
        return
    slack.ack()
    private, from_home = submitter(slack.body, slack.client)
    with explained(private.say):
        done = transact(
            deps,
            lambda s: forget.forget_by_committee(s, user=private.user, who=who, now=deps.now()),
        )
        show(private, from_home, deps.render.text("privacy/forgotten.md.j2", f=done))
        # The forgotten person's own Home showed their state and work: redraw it as a
        # stranger's. (Typed email addresses are not Slack ids; their Home redraws on open.)
        gone = [who.upper()] if forget.SLACK_USER.match(who.upper()) else []
        home.publish(deps, slack.client, [private.user, *gone])


# How Slack writes a mention or an email address in a command's text: <@U123|name>, <mailto:a@b|a@b>
MENTION = re.compile(r"^<(?:@|mailto:)([^|>]+)(?:\|[^>]*)?>$")


@route("readmit")
def _readmit(deps: Deps, _client: WebClient, private: Private, rest: str) -> None:
    typed = rest.strip()
    who = match.group(1) if (match := MENTION.match(typed)) else typed
    lifted = transact(
        deps,
        lambda s: forget.readmit_by_committee(s, user=private.user, who=who, now=deps.now()),
    )
    private.say(
        "They may be added again (recorded in the audit log)."
        if lifted
        else "No forgotten person matches that; nothing changed."
    )


def read_form(values: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The person chosen or typed (exactly one), and the fields' errors."""
    picked = str(_state(values, ids.FORGET_USER).get("selected_user") or "")
    typed = str(_state(values, ids.FORGET_TEXT).get("value") or "").strip()
    ticked = [
        o.get("value") for o in _state(values, ids.FORGET_CONFIRM).get("selected_options") or []
    ]
    errors = {}
    if bool(picked) == bool(typed):
        errors[ids.FORGET_USER] = "Choose a person, or type their id or email below (not both)."
    if "yes" not in ticked:
        errors[ids.FORGET_CONFIRM] = "Tick the box to confirm; forgetting cannot be undone."
    return picked or typed, errors


def _state(values: dict[str, Any], key: str) -> dict[str, Any]:
    found = (values.get(key) or {}).get(key)
    return found if isinstance(found, dict) else {}
