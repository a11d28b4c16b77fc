"""Who and where in the fake's workspace: its users and conversations (channels, DMs, group DMs).

Not thread-safe by itself; FakeSlack holds its lock around every use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sandbox.slack.records import JSON, Channel, User
from sandbox.slack.shapes import channel_json, user_json


class Directory:
    def __init__(
        self, *, team_id: str, bot_user_id: str, bot_id: str, wall_clock: Callable[[], float]
    ) -> None:
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = "A0SANDBOX"
        self.wall_clock = wall_clock
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        # Slack Connect invitations by id (sandbox/slack/connect.py), and the error every
        # conversations.inviteShared answers with where Slack Connect is unavailable.
        self.invites: dict[str, JSON] = {}
        self.connect_error: str | None = None
        self.add_user(bot_user_id, name="sandbox-bot", is_bot=True)

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        tz: str = "America/New_York",
        email: str | None = None,
        deleted: bool = False,
        is_bot: bool = False,
        team_id: str = "",
    ) -> None:
        ZoneInfo(tz)  # fail at set-up time rather than inside a request handler
        self.users[user_id] = User(
            user_id, name or user_id.lower(), tz, email, deleted, is_bot, team_id
        )

    def team_of(self, user_id: str) -> str:
        """The organisation a person belongs to: the workspace's own, or a partner's."""
        found = self.users.get(user_id)
        return (found.team_id if found else "") or self.team_id

    def user_json(self, user: User) -> JSON:
        return user_json(user, team_id=user.team_id or self.team_id, now=self.wall_clock())

    def dm_channel(self, user_id: str) -> str:
        # Derived from the user id so it is stable across reset() and across FakeSlack instances.
        channel_id = f"D{user_id}"
        if channel_id not in self.channels:
            self.channels[channel_id] = Channel(
                id=channel_id,
                name=None,
                created=int(self.wall_clock()),
                is_im=True,
                user=user_id,
                members=[user_id, self.bot_user_id],
            )
        return channel_id

    def mpim_channel(self, user_ids: list[str]) -> str:
        members = sorted({*user_ids, self.bot_user_id})
        digest = hashlib.sha256(",".join(members).encode()).hexdigest()[:10].upper()
        channel_id = f"G{digest}"
        if channel_id not in self.channels:
            self.channels[channel_id] = Channel(
                id=channel_id,
                name="mpdm-" + "--".join(self.users[u].name for u in members) + "-1",
                created=int(self.wall_clock()),
                is_mpim=True,
                is_private=True,
                members=members,
            )
        return channel_id

    def ensure_channel(self, channel_id: str) -> Channel:
        """Public/private channels are created on first use so tests need not declare them."""
        if channel_id not in self.channels:
            self.channels[channel_id] = Channel(
                id=channel_id,
                name=channel_id.lower(),
                created=int(self.wall_clock()),
                is_private=channel_id.startswith("G"),
            )
        return self.channels[channel_id]

    def channel_json(self, channel: Channel, *, num_members: bool = False) -> JSON:
        return channel_json(channel, creator=self.bot_user_id, num_members=num_members)
