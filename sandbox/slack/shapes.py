"""Users, conversations and messages as the Web API shows them (slack-payloads/responses/)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox.slack.records import JSON, Channel, User

# zoneinfo only knows abbreviations; Slack shows long names such as "Pacific Daylight Time".
_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "AKST": "Alaska Standard Time",
    "AKDT": "Alaska Daylight Time",
    "HST": "Hawaii-Aleutian Standard Time",
    "AST": "Atlantic Standard Time",
    "ChST": "Chamorro Standard Time",
    "SST": "Samoa Standard Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
}


def user_json(user: User, *, team_id: str, now: float) -> JSON:
    local = datetime.fromtimestamp(now, tz=ZoneInfo(user.tz))
    offset = local.utcoffset()
    abbreviation = local.tzname() or ""
    profile: JSON = {
        "real_name": user.name,
        "display_name": user.name,
        "real_name_normalized": user.name,
        "display_name_normalized": user.name,
        "team": team_id,
    }
    if user.email is not None:
        profile["email"] = user.email
    return {
        "id": user.id,
        "team_id": team_id,
        "name": user.name,
        "deleted": user.deleted,
        "real_name": user.name,
        "tz": user.tz,
        "tz_label": _TZ_LABELS.get(abbreviation, abbreviation),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(now),
    }


def channel_json(channel: Channel, *, creator: str, num_members: bool = False) -> JSON:
    out: JSON = {"id": channel.id, "created": channel.created, "is_im": channel.is_im}
    if channel.is_im:
        out.update(
            {
                "user": channel.user,
                "is_org_shared": False,
                "is_open": True,
                "last_read": "0000000000.000000",
                "latest": None,
                "unread_count": 0,
                "unread_count_display": 0,
                "priority": 0,
            }
        )
    else:
        out.update(
            {
                "name": channel.name,
                "name_normalized": channel.name,
                "is_channel": not channel.is_private and not channel.is_mpim,
                "is_group": channel.is_private and not channel.is_mpim,
                "is_mpim": channel.is_mpim,
                "is_private": channel.is_private,
                "is_archived": False,
                "is_general": False,
                "is_shared": channel.is_ext_shared,
                "is_ext_shared": channel.is_ext_shared,
                "is_org_shared": False,
                "is_member": True,
                "creator": creator,
                "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
                "previous_names": [],
            }
        )
    if num_members:
        out["num_members"] = len(channel.members) or 2
    return out


def public_message(message: JSON) -> JSON:
    """A stored message as the Web API shows it: no channel key, no empty reactions."""
    out = {k: v for k, v in message.items() if k != "channel"}
    if not out.get("reactions"):
        out.pop("reactions", None)
    return out
