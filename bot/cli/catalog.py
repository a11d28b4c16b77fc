"""`catalog check` and `catalog import`: validate a catalog, or build one from the official list."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from bot.catalog import Catalog, load_catalog
from bot.catalog.importer import import_list, write_catalog
from bot.catalog.model import REPORT_RECOMMENDATION_COUNT
from bot.cli.base import Subparsers, say, warn
from bot.cli.files import replacing
from bot.settings import Settings


def register(sub: Subparsers) -> None:
    catalog = sub.add_parser(
        "catalog",
        help="check or import the recommendations catalog",
        description="Check a catalog file, or build one from the Committee's official list.",
    )
    commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate a catalog file",
        description="Validate a catalog JSON file exactly as the bot does at start-up.",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(func=run_check)
    load = commands.add_parser(
        "import",
        help="build the catalog from the official list (CSV or JSON)",
        description="Convert the Committee's official list (columns topic,number,text and an "
        "optional id; JSON: a list of such objects) into the catalog, keeping the topic areas "
        "and the answer scale of the current catalog. The wording becomes official. The file "
        "is validated first and replaced in one step, never half-written.",
    )
    load.add_argument("file", type=Path, metavar="FILE.csv|FILE.json")
    load.add_argument("--output", type=Path, metavar="PATH", help="default: CATALOG_PATH")
    load.set_defaults(func=run_import)


def run_check(args: Namespace, _settings: Settings) -> int:
    catalog = load_catalog(args.file)
    say(f"{args.file}: ok — {_counts(catalog)}")
    _warn_count(catalog)
    return 0


def run_import(args: Namespace, settings: Settings) -> int:
    catalog = import_list(args.file, load_catalog(settings.catalog_path))
    output: Path = args.output or settings.catalog_path
    with replacing(output) as tmp:
        write_catalog(catalog, tmp)
        load_catalog(tmp)  # what goes in place must load exactly as the bot will load it
    say(f"Wrote {output}: {_counts(catalog)}")
    _warn_count(catalog)
    return 0


def _counts(catalog: Catalog) -> str:
    return (
        f"{len(catalog.topics)} topic areas, {len(catalog.recommendations)} recommendations, "
        f"wording {catalog.wording}"
    )


def _warn_count(catalog: Catalog) -> None:
    found = len(catalog.recommendations)
    if found != REPORT_RECOMMENDATION_COUNT:
        warn(
            f"warning: the report has {REPORT_RECOMMENDATION_COUNT} recommendations; "
            f"this catalog has {found}"
        )
