"""Logging: plain lines, or with LOG_FORMAT=json one JSON object per line carrying what the line
is about (the Slack request or the clock job, the user, the jurisdiction) from context variables.

Context variables follow the work: `bind` sets them for a block, and the listener pool copies the
submitting thread's context, so a line logged after the ack still names its request.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

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


def current() -> dict[str, str]:
    return {name: value for name, var in _context.items() if (value := var.get())}


def job_id(name: str) -> str:
    """A fresh id for one run of a job, e.g. `reminders-3f9a2c1b`."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


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
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(log_format: str, level: int = logging.INFO) -> None:
    """Root logging to stderr in the chosen format (`text` or `json`); like basicConfig, it
    leaves a root logger that already has handlers (a host's own set-up) as it is."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    logging.basicConfig(level=level, handlers=[handler])
