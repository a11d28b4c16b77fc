"""`/assess <topic> [ID]` and the Continue buttons: one workflow call, then show its Step."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.handlers.common import Private, transact
from bot.handlers.walk.show import show
from bot.workflows.jurisdictions import split_code
from bot.workflows.walk.opening import open_topic


def begin(
    deps: Deps,
    client: WebClient,
    private: Private,
    topic_text: str,
    rec_id: str = "",
    jurisdiction: str | None = None,
) -> None:
    """Start or resume this person's walk of a topic; with `rec_id`, re-open that one.
    A trailing USPS code (`housing TX`, as buttons carry it) names the jurisdiction."""
    if jurisdiction is None:
        topic_text, jurisdiction = split_code(topic_text)
    step = transact(
        deps,
        lambda s: open_topic(
            s,
            deps.catalog,
            user=private.user,
            topic_text=topic_text,
            rec_id=rec_id,
            jurisdiction=jurisdiction,
            channel=private.channel,
            now=deps.now(),
        ),
    )
    show(deps, client, private, step)
