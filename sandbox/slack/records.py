"""The records the fake's workspace keeps: people, conversations, triggers, views, uploads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass
class User:
    id: str
    name: str
    tz: str
    email: str | None
    deleted: bool
    is_bot: bool = False
    team_id: str = ""  # another organisation's team (Slack Connect); "" is the workspace's own


@dataclass
class Channel:
    id: str
    name: str | None
    created: int
    is_im: bool = False
    is_mpim: bool = False
    is_private: bool = False
    user: str | None = None  # the other party of an IM
    members: list[str] = field(default_factory=list)
    is_ext_shared: bool = False  # shared with another organisation through Slack Connect


@dataclass
class Trigger:
    issued: float  # on the monotonic clock
    user: str | None
    used: bool = False


@dataclass
class ResponseUrl:
    channel: str
    user: str
    message_ts: str | None
    issued: float  # on the monotonic clock
    uses: int = 0
    ephemeral_ts: str | None = None  # the ephemeral a click came from: replace_original edits it


@dataclass
class ViewRecord:
    id: str
    user: str | None
    view: JSON  # the view as views.* return it (id, hash, root_view_id, ...)

    @property
    def hash(self) -> str:
        return str(self.view["hash"])

    def as_dict(self) -> JSON:
        return {"id": self.id, "hash": self.hash, "user": self.user, "view": self.view}


@dataclass
class Upload:
    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channel: str | None = None
