"""Submitting (the POC), reopening (the Committee) and `/assess export` (the Committee).

A slash-command route has no trigger_id to open a modal with, so `/assess submit` and
`/assess reopen XX` answer with the button that opens it (App Home shows the same buttons).
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked, metadata, modal_input, show
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, transact
from bot.handlers.reporting import home
from bot.workflows.review import submission_views, submissions
from bot.workflows.review.submissions import REASON_LIMIT


def register(app: App, deps: Deps) -> None:
    catalog = deps.catalog

    @app.action(ids.SUBMIT_OPEN)
    def submit_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, private, from_home = clicked(body, client)
        code = action.get("value") or None
        with explained(private.say):
            found = transact(
                deps,
                lambda s: submissions.submit_form(s, catalog, user=private.user, jurisdiction=code),
            )
            meta = json.dumps({"j": found.jurisdiction, "ch": private.channel, "h": from_home})
            view = deps.render.json("submit/confirm_modal.json.j2", s=found, metadata=meta)
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ids.SUBMIT_MODAL)
    def submit_confirmed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        meta = metadata(body)
        private = Private(client, meta["ch"], body["user"]["id"])
        with explained(private.say):
            receipt = transact(
                deps,
                lambda s: submissions.submit(
                    s,
                    catalog,
                    deps.compose,
                    user=private.user,
                    jurisdiction=meta["j"],
                    committee_channel=deps.settings.committee_channel,
                    now=deps.now(),
                ),
            )
            deliver(deps, list(receipt.keys))
            show(private, bool(meta.get("h")), deps.render.text("submit/done.md.j2", r=receipt))
            home.publish(deps, client, receipt.homes)

    @app.action(ids.REOPEN_OPEN)
    def reopen_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, private, from_home = clicked(body, client)
        with explained(private.say):
            found = transact(
                deps,
                lambda s: submissions.reopen_form(
                    s, user=private.user, jurisdiction_text=action.get("value") or ""
                ),
            )
            meta = json.dumps({"s": found.id, "ch": private.channel, "h": from_home})
            view = deps.render.json(
                "submit/reopen_modal.json.j2", sub=found, metadata=meta, limit=REASON_LIMIT
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ids.REOPEN_MODAL)
    def reopen_confirmed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        reason = modal_input(body, ids.REOPEN_REASON_BLOCK, ids.REOPEN_REASON_INPUT)
        if not reason.strip():
            ack(response_action="errors", errors={ids.REOPEN_REASON_BLOCK: "A reason is required."})
            return
        ack()
        meta = metadata(body)
        private = Private(client, meta["ch"], body["user"]["id"])
        with explained(private.say):
            receipt = transact(
                deps,
                lambda s: submissions.reopen(
                    s,
                    deps.compose,
                    user=private.user,
                    submission_id=int(meta["s"]),
                    reason=reason,
                    committee_channel=deps.settings.committee_channel,
                    now=deps.now(),
                ),
            )
            deliver(deps, list(receipt.keys))
            said = deps.render.text("submit/reopened_done.md.j2", r=receipt)
            show(private, bool(meta.get("h")), said)
            home.publish(deps, client, receipt.homes)


@route("submit")
def _submit(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    found = transact(deps, lambda s: submissions.submit_form(s, deps.catalog, user=private.user))
    blocks = deps.render.blocks("submit/ready.blocks.json.j2", s=found)
    private.say(f"{found.jurisdiction} is ready to submit", blocks=blocks)


@route("reopen")
def _reopen(deps: Deps, _client: WebClient, private: Private, rest: str) -> None:
    found = transact(
        deps, lambda s: submissions.reopen_form(s, user=private.user, jurisdiction_text=rest)
    )
    blocks = deps.render.blocks("submit/reopen_ask.blocks.json.j2", sub=found)
    private.say(f"Reopen {found.jurisdiction}?", blocks=blocks)


@route("export")
def _export(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    found = transact(deps, lambda s: submission_views.export_overview(s, user=private.user))
    private.say(deps.render.text("submit/export.md.j2", submitted=found))
