"""Finding questions the bot posted but never recorded (a click writes the timestamp of the
question it answers; a process may stop before that): the walk's thread, read back from Slack,
keeps the newest copy of the wanted question live and retires every other live copy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from slack_sdk import WebClient

from bot.workflows.walk.views import Place

ANSWER_BLOCKS = ("answer", "move")  # block ids of the live question's buttons


def recover(
    client: WebClient,
    place: Place,
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


def _live(client: WebClient, place: Place) -> Iterator[tuple[str, str, dict[str, Any]]]:
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
