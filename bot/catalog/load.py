"""Load and validate a catalog file, turning pydantic's errors into one line a person can act on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.catalog.model import Catalog


class CatalogError(Exception):
    """A catalog file that cannot be used; the message names the file, the entry and the problem."""


def load_catalog(path: Path) -> Catalog:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return parse_catalog(raw, source=str(path))


def parse_catalog(raw: Any, *, source: str) -> Catalog:
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        raise CatalogError(f"{source}: {describe(exc, raw)}") from exc


def describe(exc: ValidationError, raw: Any) -> str:
    """The first problems, each as `entry: message`, naming a recommendation by its id."""
    parts = []
    for error in exc.errors()[:5]:
        where = _entry_name(error["loc"], raw)
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    more = len(exc.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _entry_name(loc: tuple[int | str, ...], raw: Any) -> str:
    names: list[str] = []
    node = raw
    for step in loc:
        node = node[step] if _indexable(node, step) else None
        if isinstance(step, int):
            label = (
                node.get("id") or node.get("slug") or node.get("value")
                if isinstance(node, dict)
                else None
            )
            base = names.pop() if names else ""
            names.append(f"{base}[{step}]" + (f" ({label})" if label else ""))
        else:
            names.append(step)
    return ".".join(names)


def _indexable(node: Any, step: int | str) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
