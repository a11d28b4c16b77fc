"""The other organisation's side of Slack Connect in the stand-in, for tests and the sandbox
page: its team and people, accepting, approving or declining an invitation by email (each
returns the event Slack sends the inviting app), and a workspace without Slack Connect."""

from __future__ import annotations

import time
from typing import Any

from sandbox.slack.records import JSON, Channel
from sandbox.slack.setup import Setup

PARTNER_TEAM = "T0PARTNER"  # the second organisation (a state agency with its own Slack)
PARTNER_NAME = "Partner Agency"


class ConnectSetup(Setup):
    """What tests and the sandbox page do on the other organisation's side."""

    def add_partner_user(
        self, user_id: str, *, name: str | None = None, email: str | None = None
    ) -> None:
        """A person of the second organisation, already in a channel shared with it."""
        with self._cond:
            self._ws.add_user(user_id, name=name, email=email, team_id=PARTNER_TEAM)
            self._changed()

    def set_connect_error(self, error: str | None) -> None:
        """Every conversations.inviteShared answers `error` (`not_paid`: a free workspace;
        `missing_scope`; `restricted_action`), or works again with None."""
        with self._cond:
            self._ws.connect_error = error
            self._changed()

    def invites(self, status: str | None = None) -> list[dict[str, Any]]:
        with self._cond:
            return [dict(i) for i in self._ws.invites.values() if status in (None, i["status"])]

    def accept_invite(
        self,
        email: str,
        *,
        user: str,
        name: str | None = None,
        approval_required: bool = False,
    ) -> dict[str, Any]:
        """The invited person accepts in their own organisation's Slack: they become a member
        of that team (created if new) and of the shared channel, which is now shared with
        their team. Returns the event Slack sends the inviting app."""
        with self._cond:
            invite = self._pending(email)
            ws = self._ws
            if user not in ws.users:
                ws.add_user(user, name=name, email=email, team_id=PARTNER_TEAM)
            channel = ws.channels[invite["channel"]]
            if user not in channel.members:
                channel.members.append(user)
            channel.is_ext_shared = True
            invite.update(status="approval" if approval_required else "accepted", user_id=user)
            self._changed()
            return {
                "type": "shared_channel_invite_accepted",
                "approval_required": approval_required,
                "invite": self._invite_json(invite),
                "channel": self._channel_json(channel),
                "teams_in_channel": self._teams(),
                "accepting_user": ws.user_json(ws.users[user]),
                "event_ts": f"{time.time():.6f}",
            }

    def approve_invite(self, email: str) -> dict[str, Any]:
        """An admin approves an accepted invitation; returns Slack's event."""
        with self._cond:
            invite = self._by_email(email, "approval")
            invite["status"] = "accepted"
            self._changed()
            return {
                "type": "shared_channel_invite_approved",
                "invite": self._invite_json(invite),
                "channel": self._channel_json(self._ws.channels[invite["channel"]]),
                "approving_team_id": PARTNER_TEAM,
                "teams_in_channel": self._teams(),
                "event_ts": f"{time.time():.6f}",
            }

    def decline_invite(self, email: str) -> dict[str, Any]:
        """The invited person (or an admin) declines; returns Slack's event."""
        with self._cond:
            invite = self._pending(email)
            invite["status"] = "declined"
            self._changed()
            return {
                "type": "shared_channel_invite_declined",
                "invite": self._invite_json(invite),
                "channel": self._channel_json(self._ws.channels[invite["channel"]]),
                "declining_team_id": PARTNER_TEAM,
                "teams_in_channel": self._teams(),
                "event_ts": f"{time.time():.6f}",
            }

    def team_of(self, user: str) -> str:
        with self._cond:
            return self._ws.team_of(user)

    def _pending(self, email: str) -> JSON:
        return self._by_email(email, "pending")

    def _by_email(self, email: str, status: str) -> JSON:
        found = [
            i
            for i in self._ws.invites.values()
            if i["email"] == email.lower() and i["status"] == status
        ]
        if not found:
            raise KeyError(f"no {status} invitation for {email}")
        return found[-1]

    def _invite_json(self, invite: JSON) -> JSON:
        ws = self._ws
        return {
            "id": invite["id"],
            "date_created": invite["date_created"],
            "date_invalid": invite["date_invalid"],
            "inviting_team": {"id": ws.team_id, "name": "Sandbox", "domain": "sandbox"},
            "inviting_user": ws.user_json(ws.users[ws.bot_user_id]),
            "recipient_email": invite["email"],
            "recipient_user_id": invite.get("user_id") or "",
        }

    @staticmethod
    def _channel_json(channel: Channel) -> JSON:
        return {
            "id": channel.id,
            "is_private": channel.is_private,
            "is_im": False,
            "name": channel.name,
        }

    def _teams(self) -> list[JSON]:
        return [
            {"id": self._ws.team_id, "name": "Sandbox", "domain": "sandbox"},
            {"id": PARTNER_TEAM, "name": PARTNER_NAME, "domain": "partner"},
        ]
