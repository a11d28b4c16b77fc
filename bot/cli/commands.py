"""The parser with every command, and the one place that turns failures into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Sequence

from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog import CatalogError
from bot.cli.base import CliError, Handler, Parser, Subparsers, warn
from bot.cli.store import safe_url
from bot.settings import Settings
from bot.workflows.errors import DomainError

log = logging.getLogger(__name__)


# Each module of bot.cli with the commands it registers, in the order `--help` lists them.
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("serve", ("serve", "socket")),
    ("clock", ("clock",)),
    ("db", ("db",)),
    ("catalog", ("catalog",)),
    ("contacts", ("import-contacts",)),
    ("cycles", ("cycle",)),
    ("export", ("export",)),
    ("adoption", ("adoption",)),
    ("report", ("report",)),
    ("feature", ("feature",)),
    ("run", ("run",)),
    ("people", ("people",)),
    ("audit", ("audit",)),
    ("backup", ("backup", "restore")),
)


def build_parser(*, prog: str, default_port: str, argv: Sequence[str] | None = None) -> Parser:
    """The parser. Given the arguments, only the module of the command they name is imported:
    a report need not load the web server, Bolt and every handler first (a third of a second
    of a state PDF's three)."""
    parser = Parser(
        prog=prog,
        description="Run and administer the NAC self-assessment Slack bot.",
        epilog="Settings come from the environment and .env; see README.md.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = _command_named(argv)
    for module, commands in COMMANDS:
        if named is None or named in commands:
            _register(sub, module, default_port)
    return parser


def _command_named(argv: Sequence[str] | None) -> str | None:
    """The command the arguments name, or None (none yet, --help, or not a known one)."""
    first = next((a for a in argv or () if not a.startswith("-")), None)
    known = {command for _, commands in COMMANDS for command in commands}
    return first if first in known else None


def _register(sub: Subparsers, module: str, default_port: str) -> None:
    cli = importlib.import_module(f"bot.cli.{module}")
    if module == "serve":  # the only one with a default from the environment
        cli.register(sub, default_port)
    else:
        cli.register(sub)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    """Run the chosen command; every expected failure becomes one line on stderr."""
    handler: Handler = args.func
    try:
        return handler(args, settings)
    except CliError as exc:
        warn(str(exc))
        return exc.code
    except (DomainError, CatalogError) as exc:
        warn(str(exc))
        return 2
    except SQLAlchemyError as exc:
        log.debug("database failure", exc_info=True)
        warn(f"database error at {safe_url(settings.database_url)}: {_first_line(exc)}")
        return 1
    except (OSError, SlackClientError) as exc:
        log.debug("runtime failure", exc_info=True)
        warn(f"error: {_first_line(exc)}")
        return 1
    except KeyboardInterrupt:
        return 130


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's own error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
