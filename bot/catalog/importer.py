"""Turn the Committee's official list (CSV or JSON) into a catalog file.

Topic areas, summaries, aliases and the answer scale are kept from the current catalog; only the
recommendations are replaced and the wording is marked official.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from bot.catalog.load import CatalogError, parse_catalog
from bot.catalog.model import Catalog, Topic

REQUIRED_COLUMNS = ("topic", "number", "text")
# Optional columns. `options`: scale values separated by `;` (empty: the whole scale).
# `resources`: entries separated by `;` or line breaks, each `Title | https://…` or a bare URL.
LIST_SEPARATOR = re.compile(r"[;\n]")


def import_list(path: Path, base: Catalog) -> Catalog:
    """Validate the official list at `path` and return the catalog built from it."""
    rows = _read_rows(path)
    topics = _topic_lookup(base.topics)
    recommendations = [_recommendation(path, line, row, topics) for line, row in rows]
    raw = base.model_dump(mode="json")
    raw.update(wording="official", recommendations=recommendations)
    raw["title"] = raw["title"].split(" — draft")[0]
    raw["source"] = f"Imported from {path.name}"
    return parse_catalog(raw, source=str(path))


def write_catalog(catalog: Catalog, path: Path) -> None:
    data = catalog.model_dump(mode="json", exclude_none=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read: {exc}") from exc
    if path.suffix.lower() == ".json":
        return _json_rows(path, text)
    if path.suffix.lower() != ".csv":
        raise CatalogError(f"{path}: expected a .csv or .json file")
    # A StringIO, not splitlines(): a quoted cell may hold line breaks (one resource per line).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogError(
            f"{path}: missing column(s) {', '.join(missing)}; "
            "need topic,number,text[,id,options,resources]"
        )
    return [(n, dict(row)) for n, row in enumerate(reader, start=2)]


def _json_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    if isinstance(data, dict):
        data = data.get("recommendations")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise CatalogError(f"{path}: expected a list of {{topic, number, text}} objects")
    return [(n, row) for n, row in enumerate(data, start=1)]


def _topic_lookup(topics: tuple[Topic, ...]) -> dict[str, Topic]:
    lookup: dict[str, Topic] = {}
    for topic in topics:
        for key in (topic.slug, topic.name, topic.prefix, *topic.aliases):
            lookup[key.casefold()] = topic
    return lookup


def _recommendation(
    path: Path, line: int, row: dict[str, Any], topics: dict[str, Topic]
) -> dict[str, Any]:
    where = f"{path}: entry {line}"
    topic = topics.get(str(row.get("topic") or "").strip().casefold())
    if topic is None:
        raise CatalogError(f"{where}: unknown topic {row.get('topic')!r}")
    try:
        number = int(str(row.get("number") or "").strip())
    except ValueError as exc:
        raise CatalogError(f"{where}: number {row.get('number')!r} is not a whole number") from exc
    text = " ".join(str(row.get("text") or "").split())
    if not text:
        raise CatalogError(f"{where}: empty text")
    rec_id = str(row.get("id") or "").strip() or f"{topic.prefix}-{number}"
    found: dict[str, Any] = {"id": rec_id, "topic": topic.slug, "number": number, "text": text}
    options = _options(row.get("options"))
    if options:
        found["options"] = options
    resources = _resources(where, row.get("resources"))
    if resources:
        found["resources"] = resources
    return found


def _options(raw: object) -> list[str]:
    if isinstance(raw, list):
        return [str(v).strip() for v in raw if str(v).strip()]
    return [v.strip() for v in LIST_SEPARATOR.split(str(raw or "")) if v.strip()]


def _resources(where: str, raw: object) -> list[dict[str, str]]:
    """JSON gives [{title, url}]; CSV gives `Title | URL` entries (a bare URL is its own title)."""
    if isinstance(raw, list):
        return [dict(item) for item in raw if isinstance(item, dict)]
    found = []
    for entry in LIST_SEPARATOR.split(str(raw or "")):
        title, sep, url = entry.rpartition("|")
        url = url.strip()
        if not url:
            continue
        if not url.startswith(("http://", "https://")):
            raise CatalogError(f"{where}: resource {entry.strip()!r} needs an http(s) URL")
        found.append({"title": " ".join(title.split()) if sep else url, "url": url})
    return found
