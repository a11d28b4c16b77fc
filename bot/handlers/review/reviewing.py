"""The POC's review: `/assess review`, the Review button, topic pages, Accept, Ask for changes.
Submission, reopening and export live in `submission.py`, registered from here."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.edge.guard import UNREADABLE
from bot.handlers import ids, refs
from bot.handlers.clicks import clicked, metadata, modal_input, show, submitter
from bot.handlers.commands import route
from bot.handlers.common import Private, deliver, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.review import submission
from bot.workflows.errors import InvalidInput
from bot.workflows.review import accept_all as accepting
from bot.workflows.review import decisions, reviewing
from bot.workflows.review.decisions import COMMENT_LIMIT
from bot.workflows.review.model import Overview, TopicPage

log = logging.getLogger(__name__)
T = TypeVar("T")
Drawn = tuple[str, list[dict[str, Any]]]


def register(app: App, deps: Deps) -> None:
    submission.register(app, deps)
    app.action(ids.REVIEW_OPEN)(bound(deps, review_open))
    app.action(ids.REVIEW_TOPIC)(bound(deps, review_topic))
    app.action(ids.REVIEW_ALL)(bound(deps, review_all))
    app.action(ids.REVIEW_ACCEPT)(bound(deps, accept))
    app.action(ids.REVIEW_ACCEPT_ALL)(bound(deps, accept_all))
    app.action(ids.REVIEW_CHANGES)(bound(deps, ask_for_changes))
    app.view(ids.REVIEW_CHANGES_MODAL)(bound(deps, changes_sent))


def review_open(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, from_home = clicked(slack.body, slack.client)
    code = action.get("value") or None
    with explained(private.say):
        found = transact(
            deps,
            lambda s: reviewing.open_review(
                s, deps.catalog, user=private.user, jurisdiction=code, now=deps.now()
            ),
        )
        show(private, from_home, *_overview(deps, found))


def review_topic(deps: Deps, slack: Incoming) -> None:
    repaint(
        deps,
        slack,
        lambda s, user, ref: reviewing.topic_page(
            s,
            deps.catalog,
            user=user,
            jurisdiction=refs.word(ref, "j"),
            topic=refs.word(ref, "t"),
            since=refs.since(ref),
        ),
        _page,
    )


def review_all(deps: Deps, slack: Incoming) -> None:
    repaint(
        deps,
        slack,
        lambda s, user, ref: reviewing.overview(
            s, deps.catalog, user=user, jurisdiction=refs.word(ref, "j"), since=refs.since(ref)
        ),
        _overview,
    )


def accept(deps: Deps, slack: Incoming) -> None:
    repaint(
        deps,
        slack,
        lambda s, user, ref: decisions.accept(
            s,
            deps.catalog,
            user=user,
            answer_id=refs.number(ref, "a"),
            version=refs.number(ref, "v"),
            since=refs.since(ref),
            now=deps.now(),
        ),
        _page,
    )


def accept_all(deps: Deps, slack: Incoming) -> None:
    """Accept all (Slack asked for confirmation before sending the click)."""
    repaint(
        deps,
        slack,
        lambda s, user, ref: accepting.accept_all(
            s,
            deps.catalog,
            user=user,
            jurisdiction=refs.word(ref, "j"),
            topic=refs.word(ref, "t"),
            shown=_shown(ref),
            since=refs.since(ref),
            now=deps.now(),
        ),
        _page,
    )


def _shown(ref: dict[str, Any]) -> list[tuple[int, int]]:
    """The (answer, version) pairs the page showed when Accept all was pressed."""
    pairs = ref.get("a")
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise InvalidInput(UNREADABLE)
    return [(refs.integer(a), refs.integer(v)) for a, v in pairs]


def ask_for_changes(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    action, private, _ = clicked(slack.body, slack.client)
    with explained(private.say):
        ref = refs.loaded(action.get("value"))
        form = transact(
            deps,
            lambda s: decisions.changes_form(
                s,
                deps.catalog,
                user=private.user,
                answer_id=refs.number(ref, "a"),
                version=refs.number(ref, "v"),
            ),
        )
        meta = {**ref, "ch": private.channel, "r": slack.body.get("response_url", "")}
        view = deps.render.json(
            "review/changes_modal.json.j2", metadata=json.dumps(meta), limit=COMMENT_LIMIT, **form
        )
        slack.client.views_open(trigger_id=slack.body["trigger_id"], view=view)


def changes_sent(deps: Deps, slack: Incoming) -> None:
    comment = modal_input(slack.body, ids.REVIEW_COMMENT_BLOCK, ids.REVIEW_COMMENT_INPUT)
    if not comment.strip():
        refusal = {ids.REVIEW_COMMENT_BLOCK: "Say what should change."}
        slack.ack(response_action="errors", errors=refusal)
        return
    slack.ack()
    private, _ = submitter(slack.body, slack.client)
    with explained(private.say):
        meta = metadata(slack.body)
        asked = transact(
            deps,
            lambda s: decisions.ask_for_changes(
                s,
                deps.catalog,
                deps.compose,
                user=private.user,
                answer_id=refs.number(meta, "a"),
                version=refs.number(meta, "v"),
                comment=comment,
                now=deps.now(),
                since=refs.since(meta),
            ),
        )
        deliver(deps, list(asked.keys))
        _redraw_after_request(deps, private, meta, asked)


def repaint(
    deps: Deps,
    slack: Incoming,
    work: Callable[[Session, str, dict[str, Any]], T],
    draw: Callable[[Deps, T], Drawn],
) -> None:
    """The review buttons' one shape: run `work` with the clicker and the button's value in one
    unit of work, then redraw the review message in place with `draw`'s text and blocks."""
    slack.ack()
    action, private, _ = clicked(slack.body, slack.client)
    with explained(private.say):
        ref = refs.loaded(action.get("value"))
        found = transact(deps, lambda s: work(s, private.user, ref))
        text, blocks = draw(deps, found)
        assert slack.respond is not None  # noqa: S101 - review messages carry a response_url
        slack.respond(text=text, blocks=blocks, replace_original=True)


def _redraw_after_request(
    deps: Deps, private: Private, meta: dict[str, Any], asked: decisions.ChangesAsked
) -> None:
    """Show the request in the review message; say it privately when that cannot be redrawn."""
    hook = str(meta.get("r") or "")
    if _from_slack(hook, deps.settings.slack_api_url) and asked.page is not None:
        text, blocks = _page(deps, asked.page)
        sent = WebhookClient(hook).send(text=text, blocks=blocks, replace_original=True)
        if sent.status_code == 200:
            return
        log.warning("review redraw failed: %s %s", sent.status_code, sent.body)
    private.say(f"Asked <@{asked.answerer}> for changes to {asked.rec_id}; they were told by DM.")


def _from_slack(url: str, api_url: str) -> bool:
    """Whether a response_url carried in a modal's metadata is one of Slack's: the bot posts to
    no address a form field names (Slack's own, or the configured API's host in a sandbox)."""
    where = urlsplit(url)
    api = urlsplit(api_url)
    return (where.scheme, where.netloc) in {("https", "hooks.slack.com"), (api.scheme, api.netloc)}


def _overview(deps: Deps, found: Overview) -> Drawn:
    answered = sum(t.answered for t in found.topics)
    total = sum(t.total for t in found.topics)
    text = f"Review of {found.jurisdiction}: {answered} of {total} answered"
    return text, deps.render.blocks("review/overview.blocks.json.j2", o=found)


def _page(deps: Deps, page: TopicPage) -> Drawn:
    text = f"Review of {page.jurisdiction}: {page.topic.name}"
    return text, deps.render.blocks("review/topic.blocks.json.j2", p=page)


@route("review")
def _review(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    found = transact(
        deps,
        lambda s: reviewing.open_review(s, deps.catalog, user=private.user, now=deps.now()),
    )
    private.say(*_overview(deps, found))
