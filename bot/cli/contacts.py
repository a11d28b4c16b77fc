"""`import-contacts FILE.csv`: read the file and hand its rows to the contacts workflow."""

from __future__ import annotations

import csv
import io
from argparse import Namespace
from collections.abc import Sequence
from pathlib import Path

from bot.catalog import load_catalog
from bot.cli.base import CliError, Subparsers, say, warn
from bot.cli.contacts_connect import invite_rows
from bot.cli.slack import EmailResolver, web_client
from bot.cli.store import sessions
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.people.contacts import ContactRow, ContactsRejected, import_contacts
from store.uow import UnitOfWork

HEADER = ("jurisdiction", "role", "slack_user_id", "email", "agency", "topics")


def register(sub: Subparsers) -> None:
    command = sub.add_parser(
        "import-contacts",
        help="add or update participants from a CSV file (all rows or none)",
        description=f"Header: {','.join(HEADER)}. jurisdiction: USPS code or name (empty for "
        "committee rows); role: committee, poc or agency; slack_user_id or email (looked up "
        "in Slack; an agency row whose email Slack does not know is invited by the state's POC "
        "through Slack Connect, reported 'invited, pending'); topics: ';'-separated topic "
        "areas for agency rows, empty = all. Any bad "
        "row stops the import with every bad line listed; importing the same file again "
        "changes nothing.",
    )
    command.add_argument("file", type=Path, metavar="FILE.csv")
    command.set_defaults(func=run)


def run(args: Namespace, settings: Settings) -> int:
    rows = read_rows(args.file)
    catalog = load_catalog(settings.catalog_path)
    with sessions(settings) as factory, UnitOfWork(factory) as uow:
        try:
            summary = import_contacts(
                uow.session,
                rows,
                catalog=catalog,
                resolve_email=EmailResolver(settings),
                now=utc_now(),
            )
        except ContactsRejected as exc:
            for problem in exc.problems:
                warn(f"{args.file}: line {problem.line}: {problem.reason}")
            raise CliError(f"{args.file}: {exc}") from None
        uow.commit()
        invited = (
            invite_rows(factory, catalog, web_client(settings), summary.to_invite)
            if summary.to_invite
            else []
        )
    say(
        f"{args.file}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged"
        + (f", {len(invited)} from other organisations" if invited else "")
    )
    for line in invited:
        say(f"{args.file}: {line}")
    return 0


def read_rows(path: Path) -> list[ContactRow]:
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""), restkey="_extra")
    reader.fieldnames = _header(path, reader.fieldnames)
    rows = []
    for record in reader:
        cells = {name: (record.get(name) or "").strip() for name in HEADER}
        extra = [cell for cell in record.get("_extra") or [] if cell.strip()]
        if any(cells.values()) or extra:  # spreadsheets add blank ",,,,," lines
            rows.append(ContactRow(line=reader.line_num, extra_cells=len(extra), **cells))
    if not rows:
        raise CliError(f"{path}: no contacts after the header")
    return rows


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except FileNotFoundError:
        raise CliError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror}") from None


def _header(path: Path, found: Sequence[str] | None) -> list[str]:
    names = [name.strip().casefold() for name in found or []]
    missing = [name for name in HEADER if name not in names]
    unknown = [name for name in names if name and name not in HEADER]
    if missing or unknown:
        detail = "; ".join(
            f"{label}: {', '.join(items)}"
            for label, items in (("missing", missing), ("unknown", unknown))
            if items
        )
        raise CliError(f"{path}: the header must be {','.join(HEADER)} ({detail})")
    return names
