"""Logging: plain lines, or with LOG_FORMAT=json one JSON object per line carrying what the line
is about (the Slack request or the clock job, the user, the jurisdiction) from context variables.

No log line holds what people typed, at any level: a traceback keeps its frames and the types of
its exceptions but never their messages (a refusal quotes the text it refuses, a database error
its parameters), and the libraries that log request and response bodies or SQL parameters at
DEBUG (slack_sdk, slack_bolt and the app's Bolt logger, urllib3, SQLAlchemy) are held at INFO
or above.

Context variables follow the work: `bind` sets them for a block, and the listener pool copies the
submitting thread's context, so a line logged after the ack still names its request.
"""

from __future__ import annotations

import json
import logging
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

FIELDS = ("request", "job", "user", "jurisdiction")
_context: dict[str, ContextVar[str | None]] = {
    name: ContextVar(f"log_{name}", default=None) for name in FIELDS
}


@contextmanager
def bind(**values: str | None) -> Iterator[None]:
    """Name what the lines logged inside the block are about (None or "" leaves a field out)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown log fields: {sorted(unknown)}")
    tokens = [(_context[name], _context[name].set(value or None)) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def set_field(name: str, value: str | None) -> None:
    """Set one field for the rest of the current context (a request once its actor is known)."""
    _context[name].set(value or None)


def clear() -> None:
    """Forget every field of the current context (a test that starts afresh)."""
    for var in _context.values():
        var.set(None)


def current() -> dict[str, str]:
    return {name: value for name, var in _context.items() if (value := var.get())}


def job_id(name: str) -> str:
    """A fresh id for one run of a job, e.g. `reminders-3f9a2c1b`."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


# Libraries whose DEBUG (or, for SQLAlchemy, INFO) lines carry bodies, URLs or SQL parameters.
# Bolt's own logger here is `bot.bolt` (bot/app.py); at DEBUG it logs the body of every response.
QUIET = {"slack_sdk": logging.INFO, "slack_bolt": logging.INFO, "bot.bolt": logging.INFO}
QUIET |= {"urllib3": logging.INFO}
QUIET |= {"sqlalchemy": logging.WARNING}


def withheld(exc_info: tuple[type[BaseException], BaseException, object] | tuple[None, ...]) -> str:
    """A traceback with every exception's message left out: where and what, never the text."""
    exc = exc_info[1]
    parts: list[str] = []
    seen: set[int] = set()
    while isinstance(exc, BaseException) and id(exc) not in seen:
        seen.add(id(exc))
        kind = type(exc)
        frames = "".join(traceback.format_tb(exc.__traceback__))
        parts.append(
            f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"
        )
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return "\n\nwhile handling the exception above, which came first:\n".join(parts)


class TextFormatter(logging.Formatter):
    """Plain lines; tracebacks without exception messages."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches a record's formatted traceback for every handler; another handler's
        # full one must not be reused here, nor ours leak into theirs.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: Any) -> str:
        return withheld(ei)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the bound fields, and the
    exception's traceback as one string when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **current(),
        }
        if record.exc_info:
            line["exc"] = withheld(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_format: str, level: int = logging.INFO) -> None:
    """Root logging to stderr in the chosen format (`text` or `json`); like basicConfig, it
    leaves a root logger that already has handlers (a host's own set-up) as it is."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    quiet_libraries()


def quiet_libraries() -> None:
    """Hold the libraries that would log bodies or SQL parameters at their quiet level."""
    for name, floor in QUIET.items():
        library = logging.getLogger(name)
        library.setLevel(max(library.getEffectiveLevel(), floor))
