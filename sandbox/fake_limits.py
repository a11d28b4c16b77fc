"""Block Kit checks the fake runs before it accepts a message or a view (SLACK.md §4).

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
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MAX_MESSAGE_BLOCKS = 50
MAX_MESSAGE_TEXT = 40_000
MAX_VIEW_BYTES = 250_000
# The limits below are documented by Slack but not enforced by slack_sdk's models.
MAX_OPTION_VALUE = 150
MAX_OPTION_DESCRIPTION = 75
MAX_TEXT_INPUT_LENGTH = 3000
MAX_CHOICE_OPTIONS = 10
# slack_sdk turns a bare string into a text object here; Slack answers "must provide an object".
_TEXT_OBJECT_FIELDS = ("label", "hint", "placeholder", "title", "submit", "close", "deny")
_TEXT_OWNERS = ("section", "header", "button")

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


def _error(message: str, pointer: str) -> str:
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def check_text(text: object) -> list[str]:
    """Slack truncates text beyond 40,000 characters; the fake refuses it so the bug is seen."""
    if text is not None and not isinstance(text, str):
        return [_error("must be a string", "/text")]
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return [_error(f"must be at most {MAX_MESSAGE_TEXT} characters, got {len(text)}", "/text")]
    return []


def check_message_blocks(blocks: object) -> list[str]:
    """Checks the `blocks` of chat.* calls and response_url posts."""
    if not isinstance(blocks, list):
        return [_error("must provide an array", "/blocks")]
    errors: list[str] = []
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        errors.append(_error(f"no more than {MAX_MESSAGE_BLOCKS} items allowed", "/blocks"))
    for i, raw in enumerate(blocks):
        errors.extend(_check_block(raw, f"/blocks/{i}"))
    errors.extend(_extra_checks(blocks, "/blocks"))
    return errors


def _check_block(raw: object, pointer: str) -> list[str]:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return [_error("must provide an object with a string `type`", pointer)]
    with _sdk_warnings() as warned:
        try:
            # Some slack_sdk constructors pop keys from what they are given.
            block = Block.parse(copy.deepcopy(raw))
            if block is not None:
                block.to_dict()  # runs the validators of the block and all its children
        except _PARSE_ERRORS as exc:
            return [_error(str(exc) or type(exc).__name__, pointer)]
    if block is None:
        return [_error(f"unknown block type {raw['type']!r}", pointer)]
    return [_error(w, pointer) for w in warned]


def check_view(view: object, *, expected_type: str | None) -> list[str]:
    """Checks the `view` of views.open/push/update/publish."""
    if not isinstance(view, dict):
        return [_error("must provide an object", "/view")]
    view_type = view.get("type")
    if expected_type is not None and view_type != expected_type:
        return [_error(f"`type` must be {expected_type!r}, got {view_type!r}", "/view/type")]
    errors = [
        _error("must provide an object", f"/view/{key}")
        for key in ("title", "submit", "close")
        if view.get(key) is not None and not isinstance(view[key], dict)
    ]
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        errors.append(_error("must provide an array", "/view/blocks"))
        blocks = []
    if view_type == "modal":
        if not view.get("title"):
            errors.append(_error("missing required field: title", "/view/title"))
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
        if has_input and not view.get("submit"):
            errors.append(_error("`submit` is required when a modal has input blocks", "/view"))
    with _sdk_warnings() as warned:
        try:
            View(**copy.deepcopy(view)).to_dict()
        except _PARSE_ERRORS as exc:
            errors.append(_error(str(exc) or type(exc).__name__, "/view"))
    errors.extend(_error(w, "/view/blocks") for w in warned)
    for i, raw in enumerate(blocks):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            errors.append(
                _error("must provide an object with a string `type`", f"/view/blocks/{i}")
            )
    errors.extend(_extra_checks(blocks, "/view/blocks"))
    return errors


def view_too_large(view: object) -> bool:
    return len(json.dumps(view).encode()) > MAX_VIEW_BYTES


def _extra_checks(node: object, pointer: str) -> list[str]:
    """Walks raw JSON for the documented limits that slack_sdk's validators do not enforce."""
    errors: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            errors.extend(_extra_checks(item, f"{pointer}/{i}"))
        return errors
    if not isinstance(node, dict):
        return errors
    kind = node.get("type")
    fields = [key for key in _TEXT_OBJECT_FIELDS if node.get(key) is not None]
    if kind in _TEXT_OWNERS and "text" in node:
        fields.append("text")
    errors.extend(
        _error("must provide an object", f"{pointer}/{key}")
        for key in fields
        if not isinstance(node[key], dict)
    )
    options = node.get("options")
    if (
        kind in ("checkboxes", "radio_buttons")
        and isinstance(options, list)
        and len(options) > MAX_CHOICE_OPTIONS
    ):
        errors.append(
            _error(f"no more than {MAX_CHOICE_OPTIONS} items allowed", f"{pointer}/options")
        )
    if kind == "plain_text_input":
        errors.extend(_check_input_lengths(node, pointer))
    for key in ("options", "initial_options"):
        items = node.get(key)
        if isinstance(items, list):
            for i, option in enumerate(items):
                errors.extend(_check_option(option, f"{pointer}/{key}/{i}"))
    errors.extend(_check_option(node.get("initial_option"), f"{pointer}/initial_option"))
    for key, value in node.items():
        errors.extend(_extra_checks(value, f"{pointer}/{key}"))
    return errors


def _check_input_lengths(node: dict[str, Any], pointer: str) -> list[str]:
    errors: list[str] = []
    low, high = node.get("min_length"), node.get("max_length")
    if low is not None and (not isinstance(low, int) or not 0 <= low <= MAX_TEXT_INPUT_LENGTH):
        errors.append(
            _error(f"must be between 0 and {MAX_TEXT_INPUT_LENGTH}", f"{pointer}/min_length")
        )
    if high is not None and (not isinstance(high, int) or not 1 <= high <= MAX_TEXT_INPUT_LENGTH):
        errors.append(
            _error(f"must be between 1 and {MAX_TEXT_INPUT_LENGTH}", f"{pointer}/max_length")
        )
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(_error("min_length must not exceed max_length", f"{pointer}/min_length"))
    return errors


def _check_option(option: object, pointer: str) -> list[str]:
    if not isinstance(option, dict):
        return []
    errors: list[str] = []
    if not isinstance(option.get("text"), dict):
        errors.append(_error("must provide an object", f"{pointer}/text"))
    value = option.get("value")
    if isinstance(value, str) and len(value) > MAX_OPTION_VALUE:
        errors.append(_error(f"must be at most {MAX_OPTION_VALUE} characters", f"{pointer}/value"))
    description = option.get("description")
    if isinstance(description, dict):
        text = description.get("text")
        if isinstance(text, str) and len(text) > MAX_OPTION_DESCRIPTION:
            errors.append(
                _error(
                    f"must be at most {MAX_OPTION_DESCRIPTION} characters",
                    f"{pointer}/description/text",
                )
            )
    return errors
