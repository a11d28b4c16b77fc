"""The parser with every command, and the one place that turns failures into exit codes."""

from __future__ import annotations

import argparse
import logging

from slack_sdk.errors import SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog import CatalogError
from bot.cli import (
    adoption,
    audit,
    backup,
    catalog,
    clock,
    contacts,
    cycles,
    db,
    export,
    feature,
    people,
    report,
    run,
    serve,
)
from bot.cli.base import CliError, Handler, Parser, warn
from bot.cli.store import safe_url
from bot.settings import Settings
from bot.workflows.errors import DomainError

log = logging.getLogger(__name__)


def build_parser(*, prog: str, default_port: str) -> Parser:
    parser = Parser(
        prog=prog,
        description="Run and administer the NAC self-assessment Slack bot.",
        epilog="Settings come from the environment and .env; see README.md.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve.register(sub, default_port)
    clock.register(sub)
    db.register(sub)
    catalog.register(sub)
    contacts.register(sub)
    cycles.register(sub)
    export.register(sub)
    adoption.register(sub)
    report.register(sub)
    feature.register(sub)
    run.register(sub)
    people.register(sub)
    audit.register(sub)
    backup.register(sub)
    return parser


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
