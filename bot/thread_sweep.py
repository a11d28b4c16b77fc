"""A walk's thread read back from Slack, to take the answer buttons off questions that should
not offer them: questions the bot posted but never recorded (a click writes the timestamp of
the question it answers; a process may stop before that), of which the newest copy of the
wanted one stays live, and every question of a state that submitted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

SLACK_FAILED = (SlackClientError, OSError)
ANSWER_BLOCKS = ("answer", "move")  # block ids of the live question's buttons


class Thread(Protocol):
    """Where a walk's questions are: a Place, or a walk that stopped asking (InThread)."""

    @property
    def walk_id(self) -> int: ...
    @property
    def channel_id(self) -> str: ...
    @property
    def thread_ts(self) -> str: ...


def recover(
    client: WebClient,
    place: Thread,
    wanted: str = "",
    redrawn: frozenset[str] = frozenset(),
    *,
    spare: str = "",
) -> str:
    """The ts of the newest live copy of the `wanted` question in the thread ("" when there is
    none); every other live question of this walk loses its answer buttons, except the messages
    the caller redraws itself (`redrawn`) and the newest copy of `spare` (the question still
    being asked)."""
    copies = list(_live(client, place))
    keep = next((ts for ts, rec, _ in reversed(copies) if wanted and rec == wanted), "")
    kept = next((ts for ts, rec, _ in reversed(copies) if spare and rec == spare), "")
    _retire(client, place, copies, keep={keep, kept, *redrawn} - {""})
    return keep


class InThread(NamedTuple):
    """The thread of a walk that stopped asking (its state submitted)."""

    walk_id: int
    channel_id: str
    thread_ts: str


class NotPostedYet(Exception):
    """The question the walk was asking is not in its thread (yet): a click that committed
    just before the state submitted may still be posting it."""


def retire_thread(client: WebClient, channel: str, spec: dict[str, Any]) -> str:
    """An outbox row's work when a state submits: every live question of the walk loses its
    answer buttons. NotPostedYet when the question the walk was asking (`spec["asking"]`) was
    not among them, so the row is tried again. The thread's ts."""
    thread = InThread(int(spec["walk"]), channel, str(spec["thread_ts"]))
    retired = _retire(client, thread, list(_live(client, thread)), keep=set())
    if spec.get("asking") and spec["asking"] not in retired:
        raise NotPostedYet(spec["asking"])
    return thread.thread_ts


def _retire(
    client: WebClient,
    place: Thread,
    copies: list[tuple[str, str, dict[str, Any]]],
    *,
    keep: set[str],
) -> set[str]:
    """Every copy but those in `keep` loses its answer buttons; the recommendations they ask."""
    retired = set()
    for ts, rec, message in copies:
        if ts in keep:
            continue
        blocks = [b for b in message.get("blocks", []) if b.get("block_id") not in ANSWER_BLOCKS]
        client.chat_update(
            channel=place.channel_id, ts=ts, blocks=blocks, text=message.get("text", "")
        )
        retired.add(rec)
    return retired


def _live(client: WebClient, place: Thread) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(ts, recommendation id, message) of this walk's messages that have answer buttons."""
    cursor = ""
    while True:
        page = client.conversations_replies(
            channel=place.channel_id, ts=place.thread_ts, limit=200, cursor=cursor or None
        )
        for message in page.get("messages") or []:
            rec = _asking(message, place.walk_id)
            if rec and message.get("ts") != place.thread_ts:
                yield str(message["ts"]), rec, message
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            return


def _asking(message: dict[str, Any], walk_id: int) -> str:
    for block in message.get("blocks") or []:
        if block.get("block_id") != "answer":
            continue
        for element in block.get("elements") or []:
            try:
                ref = json.loads(element.get("value") or "")
            except ValueError:
                continue
            if isinstance(ref, dict) and ref.get("w") == walk_id:
                return str(ref.get("r") or "")
    return ""
