"""Replace one identifier (a Slack user id or an email address) in every table of the store.

It walks the models' metadata rather than a list of columns, so a column added later is covered
without anyone remembering to list it. Every string and JSON cell (ids, emails, notes, message
keys and payloads, topic lists) is rewritten wherever the identifier stands as a whole word, so
`U12` never touches `U123`. Columns too short for the pseudonym (codes, statuses) never hold a
person's id and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, Table, Text, cast, func, select, update
from sqlalchemy.orm import Session

from store.models import Base


def pattern(identifier: str) -> re.Pattern[str]:
    """The identifier as a whole word: not inside a longer id or a longer email address. Group 1
    is the character before it (kept when replacing)."""
    return re.compile(rf"(^|[^\w.+-]){re.escape(identifier)}(?![\w-]|\.\w)", re.IGNORECASE)


def replace_everywhere(session: Session, identifier: str, pseudonym: str) -> int:
    """Replace `identifier` by `pseudonym` in every table; returns how many values changed."""
    found = pattern(identifier)
    changed = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, JSON) or (isinstance(kind, String) and _fits(kind, pseudonym)):
                where = Where(table, column.name, identifier, found)
                changed += _rewrite(session, where, pseudonym, as_json=isinstance(kind, JSON))
    return changed


def mentions(session: Session, identifier: str) -> int:
    """How many cells hold `identifier` as a whole word; 0 means nothing to forget."""
    found = pattern(identifier)
    total = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | JSON):
                cell = cast(table.c[column.name], Text)
                total += sum(
                    1
                    for value in session.scalars(
                        select(cell).where(
                            func.lower(cell).contains(identifier.lower(), autoescape=True)
                        )
                    )
                    if found.search(value)
                )
    return total


def _fits(kind: String, pseudonym: str) -> bool:
    """Columns too short for the pseudonym (codes, statuses) never hold a person's id; leaving
    them out also keeps PostgreSQL from refusing the over-long value even when no row matches."""
    return kind.length is None or kind.length >= len(pseudonym)


@dataclass(frozen=True)
class Where:
    table: Table
    column: str
    identifier: str
    found: re.Pattern[str]


def _rewrite(session: Session, where: Where, pseudonym: str, *, as_json: bool) -> int:
    table, name = where.table, where.column
    keys = list(table.primary_key.columns)
    cell = cast(table.c[name], Text) if as_json else table.c[name]
    # SQL narrows to rows that hold the text at all; the whole-word check is done here.
    rows = session.execute(
        select(*keys, table.c[name]).where(
            func.lower(cell).contains(where.identifier.lower(), autoescape=True)
        )
    ).all()
    changed = 0
    for row in rows:
        value = row[-1]
        new = _deep(value, where.found, pseudonym)
        length = getattr(table.c[name].type, "length", None)
        if isinstance(new, str) and length is not None:
            new = new[:length]  # a key that grew past its column keeps its start
        if new != value:
            match = [key == row[i] for i, key in enumerate(keys)]
            session.execute(update(table).where(*match).values({name: new}))
            changed += 1
    return changed


def _deep(value: Any, found: re.Pattern[str], pseudonym: str) -> Any:
    """`value` (text, or decoded JSON) with every string in it rewritten."""
    if isinstance(value, str):
        return found.sub(lambda match: match.group(1) + pseudonym, value)
    if isinstance(value, list):
        return [_deep(v, found, pseudonym) for v in value]
    if isinstance(value, dict):
        return {k: _deep(v, found, pseudonym) for k, v in value.items()}
    return value
