"""The Slack side of a walk, shared by the command, the buttons, the modal and thread replies."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.handlers.common import Private, transact
from bot.workflows.jurisdictions import split_code
from bot.workflows.walk import walks
from bot.workflows.walk.views import Place, Question, Step, counts
from messages.render import thread_link

CANNOT_POST = ("not_in_channel", "channel_not_found", "is_archived", "restricted_action")


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
    catalog, user = deps.catalog, private.user
    if jurisdiction is None:
        topic_text, jurisdiction = split_code(topic_text)
    place = transact(
        deps,
        lambda s: walks.start(
            s,
            catalog,
            user=user,
            topic_text=topic_text,
            now=deps.now(),
            jurisdiction=jurisdiction,
        ),
    )
    if place.walk_id is None:
        place = _open_thread(deps, client, private, place)
    else:
        private.say(
            f"Your {place.topic.name} walk continues in its thread: "
            f"{thread_link(place.channel_id, place.thread_ts)}"
        )
    walk_id = place.walk_id
    assert walk_id is not None  # noqa: S101 - _open_thread always records the walk
    question: Question | None
    if rec_id:
        question = transact(
            deps,
            lambda s: walks.ask(
                s, catalog, user=user, walk_id=walk_id, rec_id=rec_id, now=deps.now()
            ),
        )
    else:
        question = transact(
            deps, lambda s: walks.ask_next(s, catalog, walk_id=walk_id, now=deps.now())
        )
    if question is not None:
        post_question(deps, client, place, question)
    else:
        post_summary(deps, client, transact(deps, lambda s: walks.place_of(s, catalog, walk_id)))


def _open_thread(deps: Deps, client: WebClient, private: Private, place: Place) -> Place:
    blocks = deps.render.blocks("walk/parent.blocks.json.j2", place=place)
    text = f"{place.topic.name}: self-assessment for {place.jurisdiction}"
    try:
        posted = client.chat_postMessage(channel=private.channel, blocks=blocks, text=text)
    except SlackApiError as exc:
        if exc.response.get("error") not in CANNOT_POST:
            raise
        # The bot is not in that channel: walk in the person's DM with the bot instead.
        dm = client.conversations_open(users=private.user)["channel"]["id"]
        posted = client.chat_postMessage(channel=dm, blocks=blocks, text=text)
    channel, ts = posted["channel"], posted["ts"]
    return transact(
        deps,
        lambda s: walks.attach(
            s, deps.catalog, place=place, channel_id=channel, thread_ts=ts, now=deps.now()
        ),
    )


def post_question(deps: Deps, client: WebClient, place: Place, question: Question) -> None:
    posted = client.chat_postMessage(
        channel=place.channel_id,
        thread_ts=place.thread_ts,
        blocks=question_blocks(deps, question),
        text=question_text(question),
    )
    transact(
        deps,
        lambda s: walks.asked(
            s, walk_id=question.walk_id, rec_id=question.rec_id, message_ts=posted["ts"]
        ),
    )


def post_summary(deps: Deps, client: WebClient, place: Place) -> None:
    tally = transact(deps, lambda s: counts(s, deps.catalog, place))
    client.chat_postMessage(
        channel=place.channel_id,
        thread_ts=place.thread_ts,
        blocks=deps.render.blocks("walk/summary.blocks.json.j2", place=place, counts=tally),
        text=f"{place.topic.name}: {place.progress.answered} of {place.progress.total} answered",
    )
    refresh_parent(deps, client, place)


def refresh_parent(deps: Deps, client: WebClient, place: Place) -> None:
    client.chat_update(
        channel=place.channel_id,
        ts=place.thread_ts,
        blocks=deps.render.blocks("walk/parent.blocks.json.j2", place=place),
        text=f"{place.topic.name}: {place.progress.answered} of {place.progress.total} answered",
    )


def redraw(deps: Deps, client: WebClient, channel: str, ts: str, question: Question) -> None:
    client.chat_update(
        channel=channel, ts=ts, blocks=question_blocks(deps, question), text=question_text(question)
    )


def after_step(deps: Deps, client: WebClient, channel: str, ts: str, step: Step) -> None:
    """Redraw the clicked message, then ask the next question or post the summary."""
    redraw(deps, client, channel, ts, step.shown)
    if step.next_question is not None:
        post_question(deps, client, step.place, step.next_question)
    elif step.counts is not None:
        post_summary(deps, client, step.place)


def question_blocks(deps: Deps, question: Question) -> list[dict[str, object]]:
    return deps.render.blocks("walk/question.blocks.json.j2", q=question)


def question_text(question: Question) -> str:
    return f"{question.rec_id} ({question.position} of {question.total}): {question.text}"
