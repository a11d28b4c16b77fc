"""What every command shares: the one-line error, the parser that prints it, output helpers."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Callable
from datetime import date
from typing import NoReturn, TypeAlias

from bot.logs import configure
from bot.settings import WHERE_TO_GET, Settings

Handler = Callable[[argparse.Namespace, Settings], int]


class CliError(Exception):
    """Shown to the operator as is. Exit code 2 for bad input, 1 for runtime failures."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


# A string, so argparse need not be subscriptable at run time; it has no public name for this.
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def operator() -> str:
    """The audit log's name for whoever runs the CLI: their login on this machine."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers): still say it was the CLI
        login = "unknown"
    return f"operator:{login}"


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def port_number(text: str) -> int:
    """argparse type for a TCP port (the PORT variable arrives here as text too)."""
    if not text.strip().isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return int(text)


def require_settings(names: list[str], settings: Settings) -> None:
    """Stop with one line per missing Slack setting, naming where to find it."""
    values = {
        "SLACK_BOT_TOKEN": settings.slack_bot_token,
        "SLACK_SIGNING_SECRET": settings.slack_signing_secret,
        "SLACK_APP_TOKEN": settings.slack_app_token,
    }
    missing = [name for name in names if not values[name]]
    if missing:
        raise CliError(
            "\n".join(
                f"{name} is not set (environment or .env); get it at {WHERE_TO_GET[name]}"
                for name in missing
            )
        )


def setup_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """Long-running commands log to stderr at INFO; one-shot commands log only what goes wrong.
    LOG_FORMAT=json makes each line one JSON object (bot.logs)."""
    configure(log_format, level)
