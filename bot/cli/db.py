"""`db upgrade`: bring the database schema to the latest migration."""

from __future__ import annotations

from argparse import Namespace

from bot.cli.base import Subparsers, say
from bot.cli.store import migrated_engine, safe_url
from bot.settings import Settings


def register(sub: Subparsers) -> None:
    db = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    upgrade = commands.add_parser(
        "upgrade",
        help="apply pending migrations (serve also does this on start)",
        description="Apply pending migrations to DATABASE_URL. Running it again changes nothing.",
    )
    upgrade.set_defaults(func=run_upgrade)


def run_upgrade(_args: Namespace, settings: Settings) -> int:
    # Alembic loads here, not in every process that imports the CLI (serve's workers).
    from alembic.runtime.migration import MigrationContext

    with migrated_engine(settings) as engine, engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    say(f"{safe_url(settings.database_url)}: up to date (revision {revision})")
    return 0
