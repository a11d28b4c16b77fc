"""Slack Connect in the stand-in: a second organisation, channels the bot creates and shares,
invitations by email and the events Slack sends when they are accepted, approved or declined.

Methods: conversations.create, conversations.invite, conversations.inviteShared
(https://docs.slack.dev/reference/methods/conversations.inviteShared: one email or user id at a
time; errors such as `not_paid` where the workspace cannot use Slack Connect). The events are
shaped as https://docs.slack.dev/reference/events/shared_channel_invite_accepted (and
_approved, _declined) show them; the stand-in only builds them: the test or the sandbox page
sends them to the bot, as Slack would.
"""

from __future__ import annotations

import re

from sandbox.slack.common import ApiError, Context, Handler, arg_bool, arg_list, arg_str
from sandbox.slack.records import JSON, Channel

# Slack's invitation objects in the documented examples lapse two weeks after they are made.
INVITE_LIFETIME = 14 * 24 * 3600
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ConnectMethods:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "conversations.create": self.create,
            "conversations.invite": self.invite,
            "conversations.inviteShared": self.invite_shared,
        }

    def create(self, args: JSON) -> JSON:
        name = arg_str(args, "name") or ""
        if not _NAME.match(name):
            raise ApiError("invalid_name_specials" if name else "invalid_name_required")
        if any(c.name == name for c in self.ws.channels.values()):
            raise ApiError("name_taken")
        private = arg_bool(args, "is_private")
        channel_id = f"{'G' if private else 'C'}0NEW{self.ws.next_serial():05d}"
        self.ws.channels[channel_id] = Channel(
            id=channel_id,
            name=name,
            created=int(self.ws.wall_clock()),
            is_private=private,
            members=[self.ws.bot_user_id],
        )
        return {"channel": self.ws.channel_json(self.ws.channels[channel_id])}

    def invite(self, args: JSON) -> JSON:
        channel = self.ws.channels[self.ctx.known_channel(args)]
        users = arg_list(args, "users")
        if not users:
            raise ApiError("no_user")
        for user in users:
            if user not in self.ws.users:
                raise ApiError("user_not_found")
            if user in channel.members:
                raise ApiError("already_in_channel")
        channel.members.extend(users)
        return {"channel": self.ws.channel_json(channel)}

    def invite_shared(self, args: JSON) -> JSON:
        if self.ws.connect_error:
            raise ApiError(self.ws.connect_error)
        channel = self.ws.channels[self.ctx.known_channel(args)]
        if channel.is_im or channel.is_mpim:
            raise ApiError("invalid_channel_type")
        if self.ws.bot_user_id not in channel.members:
            raise ApiError("not_in_channel")
        emails, user_ids = arg_list(args, "emails"), arg_list(args, "user_ids")
        if not emails and not user_ids:
            raise ApiError("recipients_not_specified")
        if len(emails) + len(user_ids) > 1:
            raise ApiError("too_many_emails")
        email = emails[0] if emails else ""
        if email and not _EMAIL.match(email):
            raise ApiError("invalid_email")
        invite_id = f"I0{self.ws.next_serial():08d}"
        now = int(self.ws.wall_clock())
        self.ws.invites[invite_id] = {
            "id": invite_id,
            "channel": channel.id,
            "email": email,
            "user_id": user_ids[0] if user_ids else "",
            "date_created": now,
            "date_invalid": now + INVITE_LIFETIME,
            "status": "pending",
        }
        return {"invite_id": invite_id, "is_legacy_shared_channel": False}
