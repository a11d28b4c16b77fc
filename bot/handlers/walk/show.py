"""The Slack side of every walk interaction: post and redraw what the Step says, then record the
timestamps only Slack can give. When Slack fails after the write, the person is told what was
saved and how to bring the thread up to date (`/assess <topic>` repairs it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.edge.untold import slack_reason
from bot.handlers.common import Private, transact
from bot.handlers.walk.question_blocks import question_blocks as cached_blocks
from bot.thread_sweep import SLACK_FAILED, recover
from bot.workflows.walk import thread
from bot.workflows.walk.thread import Stray
from bot.workflows.walk.views import Place, Question, Said, Shown, Step

log = logging.getLogger(__name__)
CANNOT_POST = ("not_in_channel", "channel_not_found", "is_archived", "restricted_action")


def show(
    deps: Deps, client: WebClient, private: Private, step: Step, *, record_asked: bool = True
) -> None:
    """Thread first (when new), then redraws, the new question, the summary and the parent.
    Without `record_asked`, the new question's timestamp is left for the click on it to write
    (a click then costs one transaction)."""
    place = step.place
    if step.new_thread:
        opened = _try(lambda: _open_thread(deps, client, private, place))
        if opened is None:
            private.say(_retry_line(place, "Nothing was lost"))
            return
        place = replace(place, channel_id=opened[0], thread_ts=opened[1])
    ask, asked = step.ask, None
    if step.lost or place.sweep:
        keep = frozenset({*(s.ts for s in step.redraw), step.live_ts})
        wanted = ask.rec_id if ask and step.lost else ""
        asked = _try(lambda: recover(client, place, wanted, keep)) or None
        if asked and ask:
            step = replace(step, said=Said.CONTINUES, live=ask.rec_id, live_ts=asked)
    step, found = _find_unseen(client, place, step)
    failed = [s.question.rec_id for s in step.redraw if not _redrawn(deps, client, place, s)]
    # Not in the thread although the walk asked it: posted anew here. A click still posting it
    # (its first attempt hung, the client tries again) may show a second copy, which the click
    # that answers this one looks for (the question is marked outdated until then).
    reposted = [ask.rec_id] if ask and step.lost and not asked else []
    if ask and not asked:
        asked = _try(lambda: post_question(deps, client, place, ask))
    summary = _summary(deps, client, place, step) if step.counts is not None else ""
    if step.parent and _try(lambda: refresh_parent(deps, client, place)) is None:
        failed.append("parent")
    asked_ts = asked if asked and (record_asked or step.lost) else None
    seen = (ask.rec_id, asked_ts) if ask and asked_ts else found
    if step.new_thread or seen or summary or failed:
        _record(deps, client, place, step, (seen, summary), [*failed, *reposted])
    if failed or (step.ask and not asked) or summary is None:
        private.say(_retry_line(place, step.saved or "Nothing was lost"))
    elif step.said is not Said.NOTHING:
        private.say(deps.render.text("walk/resumed.md.j2", place=place, step=step))


def _find_unseen(
    client: WebClient, place: Place, step: Step
) -> tuple[Step, tuple[str, str] | None]:
    """A redraw of the live question whose message the walk has not recorded yet (ts "": no
    click on it so far): the thread says where it is, and it is written down afterwards."""
    unseen = next((s for s in step.redraw if not s.ts), None)
    if unseen is None:
        return step, None
    keep = frozenset({*(s.ts for s in step.redraw if s.ts), step.live_ts} - {""})
    found = unseen.question.rec_id
    ts = _try(lambda: recover(client, place, found, keep, spare=step.live)) or ""
    redraw = tuple(replace(s, ts=ts) if s is unseen else s for s in step.redraw if s.ts or ts)
    return replace(step, redraw=redraw), ((unseen.question.rec_id, ts) if ts else None)


def _redrawn(deps: Deps, client: WebClient, place: Place, shown: Shown) -> bool:
    return _try(lambda: redraw(deps, client, place, shown.ts, shown.question)) is not None


def _record(
    deps: Deps,
    client: WebClient,
    place: Place,
    step: Step,
    posted: tuple[tuple[str, str] | None, str | None],
    outdated: list[str],
) -> None:
    asked, summary = posted
    try:
        stale = _posted(deps, place, step, (asked, summary), outdated)
    except Exception:
        # The answer is saved and Slack shows it: only the timestamps are not written down. The
        # click on the question writes its own, and `/assess <topic>` finds the rest in the
        # thread; the person is not told something false about what was saved.
        log.warning("could not record the walk's messages", exc_info=True)
        return
    if isinstance(stale, Stray):  # the walk's thread was opened by another request first
        for ts in stale.messages:
            _try(partial(client.chat_delete, channel=stale.channel, ts=ts))
    elif stale is not None:  # a click moved the walk on while this question was being posted
        _redrawn(deps, client, place, stale)


def _posted(
    deps: Deps,
    place: Place,
    step: Step,
    posted: tuple[tuple[str, str] | None, str | None],
    outdated: list[str],
) -> Shown | Stray | None:
    asked, summary = posted
    return transact(
        deps,
        lambda s: thread.posted(
            s,
            deps.catalog,
            walk_id=place.walk_id,
            thread=(place.channel_id, place.thread_ts) if step.new_thread else None,
            asked=asked,
            summary_ts=summary or "",
            outdated=outdated,
        ),
    )


def _retry_line(place: Place, saved: str) -> str:
    return (
        f"{saved}, but Slack did not update the thread just now. Type `/assess "
        f"{place.topic.slug}` to bring your {place.topic.name} thread up to date and continue."
    )


def _try(call: Callable[[], Any]) -> Any:
    """The call's result, or None when Slack failed (logged; the caller tells the person)."""
    try:
        return call() or ""
    except SLACK_FAILED as exc:
        # Kind and Slack's error word only: a traceback tells an operator nothing more here, and
        # a Slack failure is expected now and then (the person is told to try again).
        log.warning("Slack call failed during a walk: %s", slack_reason(exc))
        return None


def _open_thread(deps: Deps, client: WebClient, private: Private, place: Place) -> tuple[str, str]:
    blocks = deps.render.blocks("walk/parent.blocks.json.j2", place=place)
    text = f"{place.topic.name}: self-assessment for {place.jurisdiction}"
    try:
        posted = client.chat_postMessage(channel=place.channel_id, blocks=blocks, text=text)
    except SlackApiError as exc:
        if exc.response.get("error") not in CANNOT_POST:
            raise
        # The bot is not in that channel: walk in the person's DM with the bot instead.
        dm = client.conversations_open(users=private.user)["channel"]["id"]
        posted = client.chat_postMessage(channel=dm, blocks=blocks, text=text)
    return str(posted["channel"]), str(posted["ts"])


def _summary(deps: Deps, client: WebClient, place: Place, step: Step) -> str | None:
    """Update the summary in place, or post it; its new ts ("" when updated), None on failure."""
    blocks = deps.render.blocks("walk/summary.blocks.json.j2", place=place, counts=step.counts)
    text = _progress(place)
    if step.summary_ts:
        done = _try(
            lambda: client.chat_update(
                channel=place.channel_id, ts=step.summary_ts, blocks=blocks, text=text
            )
        )
        return None if done is None else ""
    posted = _try(
        lambda: client.chat_postMessage(
            channel=place.channel_id, thread_ts=place.thread_ts, blocks=blocks, text=text
        )
    )
    return None if posted is None else str(posted["ts"])


def post_question(deps: Deps, client: WebClient, place: Place, question: Question) -> str:
    posted = client.chat_postMessage(
        channel=place.channel_id,
        thread_ts=place.thread_ts,
        blocks=question_blocks(deps, question),
        text=question_text(question),
    )
    return str(posted["ts"])


def refresh_parent(deps: Deps, client: WebClient, place: Place) -> None:
    client.chat_update(
        channel=place.channel_id,
        ts=place.thread_ts,
        blocks=deps.render.blocks("walk/parent.blocks.json.j2", place=place),
        text=_progress(place),
    )


def redraw(deps: Deps, client: WebClient, place: Place, ts: str, question: Question) -> None:
    client.chat_update(
        channel=place.channel_id,
        ts=ts,
        blocks=question_blocks(deps, question),
        text=question_text(question),
    )


def _progress(place: Place) -> str:
    return f"{place.topic.name}: {place.progress.answered} of {place.progress.total} answered"


def question_blocks(deps: Deps, question: Question) -> list[dict[str, object]]:
    return cached_blocks(deps.render, question)


def question_text(question: Question) -> str:
    return f"{question.rec_id} ({question.position} of {question.total}): {question.text}"
