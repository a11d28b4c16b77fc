"""`/assess`: parse what was typed and route it; each route is one workflow call."""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers.common import Private, explained, transact
from bot.handlers.listeners import Incoming, bound
from bot.handlers.walk.begin import begin
from bot.workflows.errors import InvalidInput, UnknownTopic
from bot.workflows.jurisdictions import split_code
from bot.workflows.reporting import overview
from bot.workflows.suggestions import command_meant

REC_ID = re.compile(r"^[A-Za-z]{2,5}-\d{1,3}$")

Route = Callable[[Deps, WebClient, Private, str], None]
ROUTES: dict[str, Route] = {}


def route(*words: str) -> Callable[[Route], Route]:
    """Register a subcommand; other handler modules add theirs (invite, review, admin …)."""

    def add(fn: Route) -> Route:
        for word in words:
            ROUTES[word] = fn
        return fn

    return add


def register(app: App, deps: Deps) -> None:
    app.command("/assess")(bound(deps, assess))


def assess(deps: Deps, slack: Incoming) -> None:
    slack.ack()
    body, client = slack.body, slack.client
    private = Private(
        client, body["channel_id"], body["user_id"], trigger_id=body.get("trigger_id", "")
    )
    text = " ".join(str(body.get("text") or "").split())
    word, _, rest = text.partition(" ")
    with explained(private.say):
        ROUTES.get(word.lower(), _walk)(
            deps, client, private, text if word.lower() not in ROUTES else rest
        )


@route("", "help")
def _help(deps: Deps, _client: WebClient, private: Private, _rest: str) -> None:
    view = transact(deps, lambda s: overview.topics_for(s, deps.catalog, user=private.user))
    blocks = deps.render.blocks("walk/topics.blocks.json.j2", buttons=False, **view.as_context())
    private.say("The 12 topic areas and how to start", blocks=blocks)


@route("status")
def _status(deps: Deps, _client: WebClient, private: Private, rest: str) -> None:
    code = rest.strip().upper() or None  # `/assess status TX`, for someone answering for several
    view = transact(
        deps,
        lambda s: overview.status_for(s, deps.catalog, user=private.user, jurisdiction=code),
    )
    blocks = deps.render.blocks("walk/topics.blocks.json.j2", buttons=True, **view.as_context())
    private.say("Your progress by topic area", blocks=blocks)


def _walk(deps: Deps, client: WebClient, private: Private, text: str) -> None:
    """`/assess <topic> [ID] [XX]`: an ID re-opens that recommendation; a USPS code at the end
    says which jurisdiction, for someone who answers for several. A word that is no topic but
    close to a command the person may use is answered with that command."""
    typed = text
    text, code = split_code(text)
    topic_text, _, last = text.rpartition(" ")
    try:
        if topic_text and REC_ID.match(last):
            begin(deps, client, private, topic_text, rec_id=last.upper(), jurisdiction=code)
        else:
            begin(deps, client, private, text, jurisdiction=code)
    except UnknownTopic as unknown:
        word, _, rest = typed.partition(" ")
        meant = None if unknown.ambiguous else _meant(deps, private.user, word)
        if meant is None:
            raise
        raise InvalidInput(
            "“{word}” is not a command or a topic area. Did you mean `/assess {meant}`?",
            word=word,
            meant=" ".join((meant, rest)).strip(),
        ) from unknown


def _meant(deps: Deps, user: str, word: str) -> str | None:
    return transact(deps, lambda s: command_meant(s, user=user, word=word))
