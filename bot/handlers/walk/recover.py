"""Finding questions the bot posted but never recorded (a click writes the timestamp of the
question it answers; a process may stop before that): the walk's thread, read back from Slack,
keeps the newest copy of the wanted question live and retires every other live copy."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.edge.untold import slack_reason

log = logging.getLogger(__name__)
SLACK_FAILED = (SlackClientError, OSError)
ANSWER_BLOCKS = ("answer", "move")  # block ids of the live question's buttons


class Thread(Protocol):
    """Where a walk's questions are: a Place, or a walk that stopped asking."""

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
    for ts, _, message in copies:
        if ts not in (keep, kept) and ts not in redrawn:
            blocks = [
                b for b in message.get("blocks", []) if b.get("block_id") not in ANSWER_BLOCKS
            ]
            client.chat_update(
                channel=place.channel_id, ts=ts, blocks=blocks, text=message.get("text", "")
            )
    return keep


def retire_all(client: WebClient, thread: Thread) -> None:
    """Every live question in the thread loses its answer buttons; a Slack failure is logged
    (the thread's questions then refuse clicks with the reason, as before)."""
    try:
        recover(client, thread)
    except SLACK_FAILED as exc:
        log.warning(
            "could not retire the questions of walk %s: %s", thread.walk_id, slack_reason(exc)
        )


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
