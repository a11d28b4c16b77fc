"""Writing operator files so that a reader never sees half of one."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cli.base import CliError

PRIVATE = 0o600


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary file next to `path`; it replaces `path` in one rename if the block
    succeeds and is removed if it fails, so `path` is either the old file or the whole new one."""
    if not path.parent.is_dir():
        raise CliError(f"{path}: folder {path.parent} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {exc.strerror}") from None
    os.close(handle)
    tmp = Path(name)
    try:
        # Exports, reports and backups hold people's answers and names: owner-only, always,
        # even when they replace a file that others could read.
        tmp.chmod(PRIVATE)
        yield tmp
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_stdout(text: str) -> None:
    """UTF-8 whatever the terminal's locale says, since notes may hold any character."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    write_stdout_bytes(text.encode("utf-8"))


def write_stdout_bytes(data: bytes) -> None:
    """A file's bytes (UTF-8 text, XLSX or PDF) as they are."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a captured stream without bytes: text formats only reach here
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
