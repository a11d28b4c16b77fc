"""The requests Slack sends an app, shaped as Slack shapes them: a slash command's form, a
`block_actions` or view payload, an Events API envelope around a message event."""

from __future__ import annotations

import secrets
import time
from typing import Any

TEAM = "T0SANDBOX"
APP = "A0BOT"


def person(user: str) -> dict[str, str]:
    return {"id": user, "username": user.lower(), "team_id": TEAM}


def slash_command(
    user: str, text: str, *, channel: str, command: str, response_url: str, trigger_id: str
) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "sandbox",
        "channel_id": channel,
        "channel_name": "assessment",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def block_actions(user: str, action: dict[str, Any], *, trigger_id: str) -> dict[str, Any]:
    """Without its container: the driver adds the message or view the action happened in."""
    return {
        "type": "block_actions",
        "user": person(user),
        "api_app_id": APP,
        "token": "legacy",
        "trigger_id": trigger_id,
        "team": {"id": TEAM, "domain": "sandbox"},
        "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
    }


def view_closed(user: str, view: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "view_closed",
        "team": {"id": TEAM, "domain": "sandbox"},
        "user": person(user),
        "api_app_id": APP,
        "token": "legacy",
        "view": view,
        "is_cleared": False,
    }


def view_submission(
    user: str, view: dict[str, Any], state: dict[str, Any], *, trigger_id: str
) -> dict[str, Any]:
    """`view` as views.* returned it; `state` block -> action -> state, as entered."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "sandbox"},
        "user": person(user),
        "api_app_id": APP,
        "token": "legacy",
        "trigger_id": trigger_id,
        "view": {
            **view["view"],
            "id": view["id"],
            "hash": view["hash"],
            "state": {"values": state},
        },
        "response_urls": [],
    }


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": APP,
        "event": event,
        "type": "event_callback",
        # Unique across restarts: the bot drops an event id it has seen before.
        "event_id": event_id or f"Ev{secrets.token_hex(6).upper()}",
        "event_time": 1,
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }


def message_event(
    user: str, channel: str, text: str, ts: str, *, thread_ts: str | None = None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "channel_type": "im" if channel.startswith("D") else "channel",
    }
    if thread_ts is not None:
        event.update(thread_ts=thread_ts, parent_user_id="UBOT")
    return event
