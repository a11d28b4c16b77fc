"""`backup FILE` and `restore FILE`: every table in one portable file, and back."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from sqlalchemy import Engine

from bot.cli.base import CliError, Subparsers, operator, say
from bot.cli.files import replacing
from bot.cli.store import migrated_engine, safe_url
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.privacy import audit
from bot.workflows.privacy.audit import Audited
from store.backup import BackupError, write_backup
from store.db import make_session_factory
from store.restore import restore_backup


def register(sub: Subparsers) -> None:
    backup = sub.add_parser(
        "backup",
        help="write every table to one portable file (gzip JSON lines)",
        description="Write every table of DATABASE_URL to FILE in one consistent read: gzip "
        "JSON lines that `restore` loads into SQLite or PostgreSQL. The file holds people's "
        "answers and Slack ids, so it is written readable by you only (0600).",
    )
    backup.add_argument(
        "file", type=Path, metavar="FILE", help="e.g. assessbot-2027-03-31.jsonl.gz"
    )
    backup.set_defaults(func=run_backup)
    restore = sub.add_parser(
        "restore",
        help="load a backup into an empty database",
        description="Load FILE, written by `backup`, into DATABASE_URL, which must be empty "
        "(new, or only migrated). All or nothing: a damaged file changes nothing.",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(func=run_restore)


def run_backup(args: Namespace, settings: Settings) -> int:
    with migrated_engine(settings) as engine:
        with replacing(args.file) as tmp:
            summary = write_backup(engine, tmp)
        scope = f"every table, {summary.total} rows -> {args.file}"
        _audit(engine, Audited.BACKUP, scope)
    say(f"Wrote {summary.total} rows from {len(summary.rows)} tables to {args.file}")
    return 0


def run_restore(args: Namespace, settings: Settings) -> int:
    with migrated_engine(settings) as engine:
        try:
            summary = restore_backup(engine, args.file)
        except BackupError as exc:
            raise CliError(f"{args.file}: {exc}") from None
        _audit(engine, Audited.RESTORE, f"every table, {summary.total} rows <- {args.file}")
    say(f"Restored {summary.total} rows into {safe_url(settings.database_url)}")
    return 0


def _audit(engine: Engine, action: Audited, scope: str) -> None:
    with make_session_factory(engine)() as session, session.begin():
        audit.record(session, actor=operator(), action=action, scope=scope, now=utc_now())
