"""Submitting (the POC), reopening (the Committee) and `/assess export` (the Committee).

`/assess submit` and `/assess reopen XX` open their modal at once with the command's trigger;
only when Slack says the trigger expired do they answer with the button that opens it (App Home
shows the same buttons).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.handlers import ids, refs
from bot.handlers.clicks import clicked, metadata, modal_input, show, submitter
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, opened, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.reporting.home import publish_homes, with_homes
from bot.workflows.review import reopening, submissions
from bot.workflows.review.reopening import REASON_LIMIT
from bot.workflows.review.submission_views import SubmissionView, Summary
from bot.workflows.review.submissions import Receipt


def register(app: App, deps: Deps) -> None:
    app.action(ids.SUBMIT_OPEN)(bound(deps, submit_open))
    app.view(ids.SUBMIT_MODAL)(bound(deps, submit_confirmed))
    app.action(ids.REOPEN_OPEN)(bound(deps, reopen_open))
    app.view(ids.REOPEN_MODAL)(bound(deps, reopen_confirmed))


def submit_open(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, from_home = clicked(slack.body, slack.client)
    code = action.get("value") or None
    with explained(private.say):
        found = transact(
            deps,
            lambda s: submissions.submit_form(
                s, deps.catalog, user=private.user, jurisdiction=code
            ),
        )
        open_submit(deps, (private, from_home), found, slack.body["trigger_id"])


def submit_confirmed(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    confirmed(
        deps,
        slack,
        lambda s, user, meta: submissions.submit(
            s,
            deps.catalog,
            deps.compose,
            user=user,
            jurisdiction=refs.word(meta, "j"),
            committee_channel=deps.settings.committee_channel,
            now=deps.now(),
        ),
        "submit/done.md.j2",
    )


def reopen_open(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, from_home = clicked(slack.body, slack.client)
    with explained(private.say):
        found = transact(
            deps,
            lambda s: reopening.reopen_form(
                s, user=private.user, jurisdiction_text=action.get("value") or ""
            ),
        )
        open_reopen(deps, (private, from_home), found, slack.body["trigger_id"])


def reopen_confirmed(deps: Deps, slack: Incoming) -> None:
    reason = modal_input(slack.body, ids.REOPEN_REASON_BLOCK, ids.REOPEN_REASON_INPUT)
    if not reason.strip():
        refusal = {ids.REOPEN_REASON_BLOCK: "A reason is required."}
        slack.ack(response_action="errors", errors=refusal)
        return
    slack.ack()
    confirmed(
        deps,
        slack,
        lambda s, user, meta: reopening.reopen(
            s,
            deps.compose,
            user=user,
            submission_id=refs.number(meta, "s"),
            reason=reason,
            committee_channel=deps.settings.committee_channel,
            now=deps.now(),
        ),
        "submit/reopened_done.md.j2",
    )


def confirmed(
    deps: Deps,
    slack: Incoming,
    work: Callable[[Session, str, dict[str, Any]], Receipt],
    done: str,
) -> None:
    """A confirmation modal's one shape: run `work` with the person and the modal's metadata
    and read the Homes it touched in one unit of work, then send its messages, say the `done`
    template where the modal was opened from, and redraw those Homes."""
    private, from_home = submitter(slack.body, slack.client)
    with explained(private.say):
        meta = metadata(slack.body)
        receipt, homes = with_homes(deps, lambda s: work(s, private.user, meta), _homes)
        deliver(deps, list(receipt.keys))
        show(private, from_home, deps.render.text(done, r=receipt))
        publish_homes(deps, slack.client, homes)


def open_submit(deps: Deps, where: tuple[Private, bool], found: Summary, trigger: str) -> None:
    meta = json.dumps({"j": found.jurisdiction, "ch": where[0].channel, "h": where[1]})
    view = deps.render.json("submit/confirm_modal.json.j2", s=found, metadata=meta)
    where[0].client.views_open(trigger_id=trigger, view=view)


def open_reopen(
    deps: Deps, where: tuple[Private, bool], found: SubmissionView, trigger: str
) -> None:
    meta = json.dumps({"s": found.id, "ch": where[0].channel, "h": where[1]})
    view = deps.render.json(
        "submit/reopen_modal.json.j2", sub=found, metadata=meta, limit=REASON_LIMIT
    )
    where[0].client.views_open(trigger_id=trigger, view=view)


def _homes(receipt: Receipt) -> tuple[str, ...]:
    return receipt.homes


@route("submit")
def _submit(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    found = transact(deps, lambda s: submissions.submit_form(s, deps.catalog, user=private.user))
    if not opened(lambda: open_submit(deps, (private, False), found, private.trigger_id)):
        blocks = deps.render.blocks("submit/ready.blocks.json.j2", s=found)
        private.say(f"{found.jurisdiction} is ready to submit", blocks=blocks)


@route("reopen")
def _reopen(deps: Deps, _client: WebClient, private: Private, rest: str) -> None:
    found = transact(
        deps, lambda s: reopening.reopen_form(s, user=private.user, jurisdiction_text=rest)
    )
    if not opened(lambda: open_reopen(deps, (private, False), found, private.trigger_id)):
        blocks = deps.render.blocks("submit/reopen_ask.blocks.json.j2", sub=found)
        private.say(f"Reopen {found.jurisdiction}?", blocks=blocks)
