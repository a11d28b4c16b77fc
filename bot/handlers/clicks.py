"""Who clicked, and where to answer them privately: the clicked message's channel, or the
person's DM with the bot when the click came from App Home (which has no channel)."""

from __future__ import annotations

import re
from typing import Any

from slack_sdk import WebClient

from bot.handlers.common import Private
from bot.handlers.refs import loaded
from bot.workflows.errors import InvalidInput

CHANNEL = re.compile(r"[CDG][A-Z0-9]{1,40}")  # the shape of the Slack channel ids the bot writes


def clicked(body: dict[str, Any], client: WebClient) -> tuple[dict[str, Any], Private, bool]:
    """The action, a Private for the clicker, and whether the click came from App Home."""
    user = body["user"]["id"]
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    from_home = not channel
    if from_home:
        channel = client.conversations_open(users=user)["channel"]["id"]
    return body["actions"][0], Private(client, channel, user), from_home


def show(
    private: Private, from_home: bool, text: str, blocks: list[dict[str, Any]] | None = None
) -> None:
    """A reply to a command or an App Home button: ephemeral, or a DM message from App Home
    (an ephemeral in the DM would vanish when the person comes back to it)."""
    if from_home:
        private.client.chat_postMessage(channel=private.channel, text=text, blocks=blocks)
    else:
        private.say(text, blocks=blocks)


def modal_input(body: dict[str, Any], block: str, action: str) -> str:
    values = body["view"]["state"]["values"]
    return str((values.get(block) or {}).get(action, {}).get("value") or "")


def metadata(body: dict[str, Any]) -> dict[str, Any]:
    """A modal's private_metadata, which the bot writes as a JSON object; anything else is
    refused with the guard's polite line (`refs.loaded`)."""
    return loaded(body["view"].get("private_metadata") or "{}")


def submitter(body: dict[str, Any], client: WebClient) -> tuple[Private, bool]:
    """Where to answer the person who submitted a modal, and whether it came from App Home.

    A modal's private_metadata comes back from the person's client, so it never chooses where
    the bot posts for others to read: a modal opened from App Home is answered in the
    submitter's own DM with the bot (opened with their signed user id); any other is answered
    with ephemerals in the channel it was opened from, which only the submitter sees (and
    which go to that DM instead when Slack says they are not in that channel)."""
    user = body["user"]["id"]
    try:
        meta = metadata(body)
    except InvalidInput:
        meta = {}  # unreadable: answered in the DM, where the refusal reaches them
    from_home = bool(meta.get("h"))
    channel = "" if from_home else meta.get("c") or meta.get("ch") or ""
    if not (isinstance(channel, str) and CHANNEL.fullmatch(channel)):
        channel = client.conversations_open(users=user)["channel"]["id"]
    return Private(client, channel, user), from_home
