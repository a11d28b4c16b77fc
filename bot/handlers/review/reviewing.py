"""The POC's review: `/assess review`, the Review button, topic pages, Accept, Ask for changes.
Submission, reopening and export live in `submission.py`, registered from here."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.handlers import ids
from bot.handlers.clicks import clicked, metadata, modal_input, show, since_of
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, transact
from bot.handlers.review import submission
from bot.workflows.review import reviewing
from bot.workflows.review.model import Overview, TopicPage
from bot.workflows.review.reviewing import COMMENT_LIMIT

log = logging.getLogger(__name__)
T = TypeVar("T")


def register(app: App, deps: Deps) -> None:
    submission.register(app, deps)
    catalog = deps.catalog

    @app.action(ids.REVIEW_OPEN)
    def review_open(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, private, from_home = clicked(body, client)
        code = action.get("value") or None
        with explained(private.say):
            found = transact(
                deps,
                lambda s: reviewing.open_review(
                    s, catalog, user=private.user, jurisdiction=code, now=deps.now()
                ),
            )
            show(private, from_home, *_overview(deps, found))

    @app.action(ids.REVIEW_TOPIC)
    def review_topic(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()

        def page(s: Session, user: str, ref: dict[str, Any]) -> TopicPage:
            return reviewing.topic_page(
                s,
                catalog,
                user=user,
                jurisdiction=ref["j"],
                topic=ref["t"],
                since=since_of(ref["s"]),
            )

        _repaint(deps, (body, client, respond), page, _page)

    @app.action(ids.REVIEW_ALL)
    def review_all(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()

        def overview(s: Session, user: str, ref: dict[str, Any]) -> Overview:
            return reviewing.overview(
                s, catalog, user=user, jurisdiction=ref["j"], since=since_of(ref["s"])
            )

        _repaint(deps, (body, client, respond), overview, _overview)

    @app.action(ids.REVIEW_ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()

        def accepted(s: Session, user: str, ref: dict[str, Any]) -> TopicPage:
            return reviewing.accept(
                s,
                catalog,
                user=user,
                answer_id=int(ref["a"]),
                version=int(ref["v"]),
                since=since_of(ref["s"]),
                now=deps.now(),
            )

        _repaint(deps, (body, client, respond), accepted, _page)

    @app.action(ids.REVIEW_CHANGES)
    def ask_for_changes(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        action, private, _ = clicked(body, client)
        ref = json.loads(action["value"])
        with explained(private.say):
            form = transact(
                deps,
                lambda s: reviewing.changes_form(
                    s, catalog, user=private.user, answer_id=int(ref["a"]), version=int(ref["v"])
                ),
            )
            meta = {**ref, "ch": private.channel, "r": body.get("response_url", "")}
            view = deps.render.json(
                "review/changes_modal.json.j2",
                metadata=json.dumps(meta),
                limit=COMMENT_LIMIT,
                **form,
            )
            client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ids.REVIEW_CHANGES_MODAL)
    def changes_sent(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        comment = modal_input(body, ids.REVIEW_COMMENT_BLOCK, ids.REVIEW_COMMENT_INPUT)
        if not comment.strip():
            ack(
                response_action="errors",
                errors={ids.REVIEW_COMMENT_BLOCK: "Say what should change."},
            )
            return
        ack()
        meta = metadata(body)
        private = Private(client, meta["ch"], body["user"]["id"])
        with explained(private.say):
            asked = transact(
                deps,
                lambda s: reviewing.ask_for_changes(
                    s,
                    catalog,
                    deps.compose,
                    user=private.user,
                    answer_id=int(meta["a"]),
                    version=int(meta["v"]),
                    comment=comment,
                    now=deps.now(),
                ),
            )
            deliver(deps, list(asked.keys))
            _redraw_after_request(deps, private, meta, asked)


def _repaint(
    deps: Deps,
    click: tuple[dict[str, Any], WebClient, Respond],
    work: Callable[[Session, str, dict[str, Any]], T],
    draw: Callable[[Deps, T], tuple[str, list[dict[str, Any]]]],
) -> None:
    """A review button: run `work` with the clicker and the button's value, then redraw the
    review message in place with `draw`'s text and blocks."""
    body, client, respond = click
    action, private, _ = clicked(body, client)
    ref = json.loads(action["value"])
    with explained(private.say):
        found = transact(deps, lambda s: work(s, private.user, ref))
        text, blocks = draw(deps, found)
        respond(text=text, blocks=blocks, replace_original=True)


def _redraw_after_request(
    deps: Deps, private: Private, meta: dict[str, Any], asked: reviewing.ChangesAsked
) -> None:
    """Show the request in the review message; say it privately when that cannot be redrawn."""
    page = transact(
        deps,
        lambda s: reviewing.topic_page(
            s,
            deps.catalog,
            user=private.user,
            jurisdiction=asked.jurisdiction,
            topic=asked.topic,
            since=since_of(meta["s"]),
        ),
    )
    text, blocks = _page(deps, page)
    if meta.get("r"):
        sent = WebhookClient(meta["r"]).send(text=text, blocks=blocks, replace_original=True)
        if sent.status_code == 200:
            return
        log.warning("review redraw failed: %s %s", sent.status_code, sent.body)
    private.say(f"Asked <@{asked.answerer}> for changes to {asked.rec_id}; they were told by DM.")


def _overview(deps: Deps, found: Overview) -> tuple[str, list[dict[str, Any]]]:
    answered = sum(t.answered for t in found.topics)
    total = sum(t.total for t in found.topics)
    text = f"Review of {found.jurisdiction}: {answered} of {total} answered"
    return text, deps.render.blocks("review/overview.blocks.json.j2", o=found)


def _page(deps: Deps, page: TopicPage) -> tuple[str, list[dict[str, Any]]]:
    text = f"Review of {page.jurisdiction}: {page.topic.name}"
    return text, deps.render.blocks("review/topic.blocks.json.j2", p=page)


@route("review")
def _review(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    found = transact(
        deps,
        lambda s: reviewing.open_review(s, deps.catalog, user=private.user, now=deps.now()),
    )
    private.say(*_overview(deps, found))
