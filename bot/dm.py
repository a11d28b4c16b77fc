"""A user's DM channel with the bot, opened once per process: conversations.open is a Tier 3
method (about 50 calls a minute), far slower than the posts it would otherwise precede."""

from __future__ import annotations

import threading

from slack_sdk import WebClient

_known: dict[tuple[str, str, str], str] = {}
_lock = threading.Lock()


def is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


def dm_channel(client: WebClient, recipient: str) -> str:
    """The channel to post to: a channel id as is, a user id's DM (opened at most once)."""
    if not is_user(recipient):
        return recipient
    key = _key(client, recipient)
    with _lock:
        known = _known.get(key)
    if known is not None:
        return known
    channel = str(client.conversations_open(users=recipient)["channel"]["id"])
    with _lock:
        _known[key] = channel
    return channel


def forget(client: WebClient, recipient: str) -> None:
    """Drop a DM channel Slack no longer knows (`channel_not_found`): the next post opens it
    again."""
    with _lock:
        _known.pop(_key(client, recipient), None)


def _key(client: WebClient, recipient: str) -> tuple[str, str, str]:
    return (client.base_url, client.token or "", recipient)
