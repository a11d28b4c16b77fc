"""Posting one claimed outbox row to Slack: a message with its key in the metadata, a file, a
redraw, or the retiring of a thread's live questions.

A row sent again after a crash first looks for that key in the channel's history, so a message
Slack accepted just before the crash is not posted twice.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.claims import Due
from bot.dm import dm_channel, forget, is_user
from bot.thread_sweep import retire_thread

METADATA_TYPE = "assessbot_outbox"
ALT_LIMIT = 1000  # characters of a file's alt text


def post(client: WebClient, row: Due, payload: dict[str, Any], *, retrying: bool) -> str:
    try:
        return _post(client, dm_channel(client, row.recipient), row, payload, retrying=retrying)
    except SlackApiError as exc:
        if not is_user(row.recipient) or exc.response.get("error") != "channel_not_found":
            raise
    # The DM this process opened before is gone from Slack's side: open it again, once.
    forget(client, row.recipient)
    return _post(client, dm_channel(client, row.recipient), row, payload, retrying=retrying)


def _post(
    client: WebClient, channel: str, row: Due, payload: dict[str, Any], *, retrying: bool
) -> str:
    if payload.get("upload"):
        return _upload(client, channel, payload)
    if payload.get("retire"):  # a state submitted: doing it twice changes nothing
        return retire_thread(client, channel, payload["retire"])
    if payload.get("update_ts"):  # a redraw (a walk's progress): doing it twice changes nothing
        client.chat_update(
            channel=channel,
            ts=payload["update_ts"],
            text=payload.get("text", ""),
            blocks=payload.get("blocks") or None,
        )
        return str(payload["update_ts"])
    thread = payload.get("thread_ts")
    found = _already_sent(client, channel, row.key, thread) if retrying else None
    if found is not None:
        return found
    posted = client.chat_postMessage(
        channel=channel,
        text=payload.get("text", ""),
        blocks=payload.get("blocks") or None,
        thread_ts=payload.get("thread_ts"),
        metadata={"event_type": METADATA_TYPE, "event_payload": {"key": row.key}},
    )
    return str(posted["ts"])


def _upload(client: WebClient, channel: str, payload: dict[str, Any]) -> str:
    """A file row (the status post's chart, kept as its numbers and drawn now): Slack's three
    upload steps; the file id stands in for a ts."""
    from messages.charts import chart_from  # matplotlib loads only in a process that uploads

    upload = payload["upload"]
    drawn = chart_from(upload["chart"])
    done = client.files_upload_v2(
        channel=channel,
        content=drawn.png,
        filename=upload["filename"],
        title=upload.get("title"),
        alt_txt=drawn.alt[:ALT_LIMIT],
        initial_comment=payload.get("text") or None,
        thread_ts=payload.get("thread_ts"),
        request_file_info=False,
    )
    files: list[dict[str, Any]] = done.get("files") or []
    return str(files[0]["id"]) if files else ""


def _already_sent(client: WebClient, channel: str, key: str, thread: str | None) -> str | None:
    """After a crash between posting and recording, Slack's copy tells whether it went out. A
    reply is looked for in its thread: the channel's history holds only top-level messages."""
    try:
        if thread:
            history = client.conversations_replies(
                channel=channel, ts=thread, limit=200, include_all_metadata=True
            )
        else:
            history = client.conversations_history(
                channel=channel, limit=200, include_all_metadata=True
            )
    except SlackApiError:
        return None  # no readable history: the send itself will say what is wrong
    messages: list[dict[str, Any]] = history.get("messages", [])
    for message in messages:
        meta = message.get("metadata") or {}
        if (
            meta.get("event_type") == METADATA_TYPE
            and meta.get("event_payload", {}).get("key") == key
        ):
            return str(message["ts"])
    return None
