"""Plumbing shared by the fake's Web API handlers: errors, argument parsing, Block Kit gates."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NoReturn

from sandbox.slack.limits import check_message_blocks, check_text
from sandbox.slack.records import JSON
from sandbox.slack.state import Workspace

Handler = Callable[[JSON], JSON]

_CONVERSATION_ID = re.compile(r"[CGD][A-Z0-9]+")
_USER_ID = re.compile(r"[UW][A-Z0-9]+")


class ApiError(Exception):
    """Raised by a handler; becomes {"ok": false, "error": ...} with the given HTTP status."""

    def __init__(
        self,
        error: str,
        *,
        messages: list[str] | None = None,
        status: int = 200,
        extra: JSON | None = None,
    ) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.status = status
        self.extra = extra or {}

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error": self.error, **self.extra}
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


class Context:
    """What every handler group needs: the workspace and the list of Block Kit violations."""

    def __init__(self, ws: Workspace, server_root: Callable[[], str]) -> None:
        self.ws = ws
        self.server_root = server_root  # "http://127.0.0.1:PORT/"
        self.invalid: list[str] = []

    def reject(self, method: str, error: str, messages: list[str], status: int = 200) -> NoReturn:
        """Answers with an error and records it, so a test can assert `fake.invalid == []`."""
        self.invalid.extend(f"{method}: {m}" for m in messages)
        raise ApiError(error, messages=messages, status=status)

    def content(
        self, method: str, args: JSON, *, require: bool = True, status: int = 200
    ) -> tuple[str, list[Any] | None]:
        """Returns (text, blocks) after the §4 checks; blocks is None when the call sent none."""
        text = args.get("text")
        if errors := check_text(text):
            error = "msg_too_long" if isinstance(text, str) else "invalid_arguments"
            self.reject(method, error, errors, status)
        blocks: object = args.get("blocks")
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks) if blocks.strip() else None
            except ValueError:
                self.reject(method, "invalid_blocks_format", ["[ERROR] invalid JSON"], status)
        if blocks is not None:
            if not isinstance(blocks, list):
                messages = ["[ERROR] must provide an array [json-pointer:/blocks]"]
                self.reject(method, "invalid_blocks_format", messages, status)
            if errors := check_message_blocks(blocks):
                self.reject(method, "invalid_blocks", errors, status)
        if require and not text and not blocks and not args.get("attachments"):
            raise ApiError("no_text", status=status)
        return (text if isinstance(text, str) else ""), blocks

    def metadata(self, method: str, args: JSON) -> JSON | None:
        """None when absent; {} means "remove" (chat.update); else {event_type, event_payload}."""
        raw: object = args.get("metadata")
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                self.reject(method, "invalid_metadata_format", ["[ERROR] invalid JSON"])
        if not isinstance(raw, dict):
            self.reject(method, "invalid_metadata_format", ["[ERROR] must provide an object"])
        if raw and not (
            isinstance(raw.get("event_type"), str) and isinstance(raw.get("event_payload"), dict)
        ):
            self.reject(
                method,
                "invalid_metadata_schema",
                ["[ERROR] needs a string event_type and an object event_payload"],
            )
        return raw

    def channel(self, args: JSON, *, key: str = "channel", allow_user: bool = False) -> str:
        """Resolves a conversation id; C/G ids spring into existence, D ids must be opened."""
        raw = args.get(key)
        if not isinstance(raw, str) or not raw:
            raise ApiError("channel_not_found")
        if allow_user and _USER_ID.fullmatch(raw):
            user = self.ws.users.get(raw)
            if user is None or user.deleted:
                raise ApiError("channel_not_found")
            return self.ws.dm_channel(raw)
        if raw in self.ws.channels:
            return raw
        if _CONVERSATION_ID.fullmatch(raw) and raw[0] in "CG":
            return self.ws.ensure_channel(raw).id
        raise ApiError("channel_not_found")

    def known_channel(self, args: JSON) -> str:
        raw = args.get("channel")
        if not isinstance(raw, str) or raw not in self.ws.channels:
            raise ApiError("channel_not_found")
        return raw


def arg_str(args: JSON, key: str) -> str | None:
    value = args.get(key)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def arg_bool(args: JSON, key: str) -> bool:
    value = args.get(key)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def arg_int(args: JSON, key: str, default: int) -> int:
    value = args.get(key)
    if not isinstance(value, int | float | str) or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        return default


def arg_list(args: JSON, key: str) -> list[str]:
    """Form bodies carry lists as "a,b"; JSON bodies may carry real arrays."""
    value = args.get(key)
    if isinstance(value, list):
        return [str(v) for v in value if str(v)]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return []


def ts_key(ts: str) -> tuple[int, int]:
    """Sort key for ts strings; float() would lose the microseconds."""
    seconds, _, fraction = ts.partition(".")
    try:
        return int(seconds), int(fraction.ljust(6, "0")[:6] or 0)
    except ValueError:
        return (0, 0)


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and _USER_ID.fullmatch(value) is not None
