"""Block Kit checks the fake runs before it accepts a message or a view, after Slack's Block
Kit reference.

Each check returns Slack-style messages ("[ERROR] ... [json-pointer:/blocks/0]"); an empty list
means the payload is acceptable.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from sandbox.slack.documented_limits import documented_limits, error

MAX_MESSAGE_BLOCKS = 50
MAX_MESSAGE_TEXT = 40_000
MAX_VIEW_BYTES = 250_000

# slack_sdk emits exceptions of its own for broken JSON shapes, but plain Python errors when a
# field has the wrong type (e.g. "text": 5); both mean Slack would refuse the payload.
_PARSE_ERRORS = (SlackObjectFormationError, TypeError, ValueError, AttributeError, KeyError)


class _SdkWarningSink(logging.Handler):
    """Collects slack_sdk model warnings ("Unknown block detected and skipped") per thread.

    slack_sdk reports unknown block/element types through logging, not `warnings`, and
    silently drops them; Slack itself rejects them. The fake serves requests on several threads,
    so the sink is thread-local, and the handler is attached only while a check runs so that
    the host process's own logging of slack_sdk is left alone the rest of the time.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.local = threading.local()
        self.users = 0
        self.users_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        sink: list[str] | None = getattr(self.local, "sink", None)
        if sink is not None:
            sink.append(record.getMessage())


_SINK = _SdkWarningSink()
_SDK_LOGGER = logging.getLogger("slack_sdk.models")


@contextmanager
def _sdk_warnings() -> Iterator[list[str]]:
    sink: list[str] = []
    with _SINK.users_lock:
        if _SINK.users == 0:
            _SDK_LOGGER.addHandler(_SINK)
        _SINK.users += 1
    _SINK.local.sink = sink
    try:
        yield sink
    finally:
        _SINK.local.sink = None
        with _SINK.users_lock:
            _SINK.users -= 1
            if _SINK.users == 0:
                _SDK_LOGGER.removeHandler(_SINK)


def check_text(text: object) -> list[str]:
    """Slack truncates text beyond 40,000 characters; the fake refuses it so the bug is seen."""
    if text is not None and not isinstance(text, str):
        return [error("must be a string", "/text")]
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return [error(f"must be at most {MAX_MESSAGE_TEXT} characters, got {len(text)}", "/text")]
    return []


def check_message_blocks(blocks: object) -> list[str]:
    """Checks the `blocks` of chat.* calls and response_url posts."""
    if not isinstance(blocks, list):
        return [error("must provide an array", "/blocks")]
    errors: list[str] = []
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        errors.append(error(f"no more than {MAX_MESSAGE_BLOCKS} items allowed", "/blocks"))
    for i, raw in enumerate(blocks):
        errors.extend(_check_block(raw, f"/blocks/{i}"))
    errors.extend(documented_limits(blocks, "/blocks"))
    return errors


def _check_block(raw: object, pointer: str) -> list[str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return [error("must provide an object with a string `type`", pointer)]
    with _sdk_warnings() as warned:
        try:
            # Some slack_sdk constructors pop keys from what they are given.
            block = Block.parse(copy.deepcopy(raw))
            if block is not None:
                block.to_dict()  # runs the validators of the block and all its children
        except _PARSE_ERRORS as exc:
            return [error(str(exc) or type(exc).__name__, pointer)]
    if block is None:
        return [error(f"unknown block type {raw['type']!r}", pointer)]
    return [error(w, pointer) for w in warned]


def check_view(view: object, *, expected_type: str | None) -> list[str]:
    """Checks the `view` of views.open/push/update/publish."""
    if not isinstance(view, dict):
        return [error("must provide an object", "/view")]
    view_type = view.get("type")
    if expected_type is not None and view_type != expected_type:
        return [error(f"`type` must be {expected_type!r}, got {view_type!r}", "/view/type")]
    errors = [
        error("must provide an object", f"/view/{key}")
        for key in ("title", "submit", "close")
        if view.get(key) is not None and not isinstance(view[key], dict)
    ]
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        errors.append(error("must provide an array", "/view/blocks"))
        blocks = []
    if view_type == "modal":
        if not view.get("title"):
            errors.append(error("missing required field: title", "/view/title"))
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and not view.get("submit"):
            errors.append(error("`submit` is required when a modal has input blocks", "/view"))
    with _sdk_warnings() as warned:
        try:
            View(**copy.deepcopy(view)).to_dict()
        except _PARSE_ERRORS as exc:
            errors.append(error(str(exc) or type(exc).__name__, "/view"))
    errors.extend(error(w, "/view/blocks") for w in warned)
    for i, raw in enumerate(blocks):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            errors.append(error("must provide an object with a string `type`", f"/view/blocks/{i}"))
    errors.extend(documented_limits(blocks, "/view/blocks"))
    return errors


def view_too_large(view: object) -> bool:
    return len(json.dumps(view).encode()) > MAX_VIEW_BYTES
