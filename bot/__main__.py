"""`python -m bot …` and the `assessbot` script. The only module that reads the environment."""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import NoReturn

from pydantic import ValidationError

from bot.cli.base import warn
from bot.cli.commands import build_parser, execute
from bot.settings import Settings


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(prog=_prog(), default_port=os.environ.get("PORT", "3000"), argv=arguments)
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, or a usage error the parser printed on one line
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    settings = load_settings()
    if settings is None:
        return 2
    return execute(args, settings)


def run() -> NoReturn:
    """The command line's entry point: `main`, then, when nothing else is running, exit without
    tearing the interpreter down.

    A report leaves a large graph of objects behind (the PDF's laid-out boxes, the chart's
    figure); freeing them one by one at exit took more than half a second of the 3 s a state PDF
    may take. Once the streams are flushed and the log handlers closed, the operating system
    reclaims it all at once. A command that leaves threads behind (the clock's jobs after
    SIGTERM) exits as usual, so they finish their work first."""
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach the reader
            code = code or 1
    os._exit(code)


def load_settings() -> Settings | None:
    """Settings from the environment and .env, or None after one line per bad value."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            warn(f"{name}: {message} (from the environment or .env)")
        return None


def _prog() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return "python -m bot" if name in ("", "__main__.py", "-c") else name


if __name__ == "__main__":
    run()
