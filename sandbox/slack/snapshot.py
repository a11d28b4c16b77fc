"""The fake's workspace as plain JSON, so the sandbox can continue after a restart.

Triggers and response URLs are left out on purpose: Slack lets them expire within minutes, so
a restarted workspace issues new ones.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

from sandbox.slack.records import JSON, Channel, Upload, User, ViewRecord
from sandbox.slack.state import Workspace

FORMAT = 1


def dump(ws: Workspace) -> JSON:
    return {
        "format": FORMAT,
        "serial": ws.next_serial(),
        "last_ts_us": ws.last_ts_us,
        "users": [dataclasses.asdict(u) for u in ws.users.values()],
        "channels": [dataclasses.asdict(c) for c in ws.channels.values()],
        "opened": sorted(ws.opened),
        "messages": ws.messages,
        "ephemerals": ws.ephemerals,
        "scheduled": ws.scheduled,
        "views": [dataclasses.asdict(v) for v in ws.views],
        "view_stacks": {user: stack for user, stack in ws.view_stacks.items() if user},
        "homes": {user: dataclasses.asdict(v) for user, v in ws.homes.items()},
        "uploads": [_upload_json(u) for u in ws.uploads.values()],
        "invites": ws.invites,  # Slack Connect invitations by email (sandbox/slack/connect.py)
    }


def load(ws: Workspace, saved: dict[str, Any]) -> None:
    """Replaces the whole workspace with `saved` (an empty dict leaves only the bot user)."""
    ws.clear()
    ws.channels.clear()
    ws.invites.clear()
    bot = ws.users[ws.bot_user_id]
    ws.users.clear()
    ws.users[bot.id] = bot
    if not saved:
        ws.forget_times()  # a workspace started over dates its messages from the clock again
        return
    if saved.get("format") != FORMAT:
        raise ValueError(f"unknown saved workspace format {saved.get('format')!r}")
    ws.restore_counters(int(saved["serial"]), int(saved["last_ts_us"]))
    ws.users.update({u["id"]: User(**u) for u in saved["users"]})
    ws.channels.update({c["id"]: Channel(**c) for c in saved["channels"]})
    ws.opened.update(saved["opened"])
    ws.messages.update(saved["messages"])
    ws.ephemerals.extend(saved["ephemerals"])
    ws.scheduled.extend(saved["scheduled"])
    ws.views.extend(ViewRecord(**v) for v in saved["views"])
    ws.view_stacks.update(saved["view_stacks"])
    ws.homes.update({user: ViewRecord(**v) for user, v in saved["homes"].items()})
    ws.invites.update(saved.get("invites", {}))  # absent from workspaces saved before them
    for raw in saved["uploads"]:
        upload = Upload(**{**raw, "content": None})
        if raw["content"] is not None:
            upload.content = base64.b64decode(raw["content"])
        ws.uploads[upload.id] = upload


def _upload_json(upload: Upload) -> JSON:
    out = dataclasses.asdict(upload)
    if upload.content is not None:
        out["content"] = base64.b64encode(upload.content).decode()
    return out
