"""Replace identifiers (a Slack user id, DM channel ids, email addresses, a display name) in
every table of the store.

It walks the models' metadata rather than a list of columns, so a column added later is covered
without anyone remembering to list it. Every string and JSON cell (ids, emails, notes, message
keys and payloads, topic lists) is read and compared in Python: JSON decoded (a payload stores
"Zoë" as `Zo\\u00eb`), and text folded the same way on every database (Unicode casefolding, with
accents set aside, so "ZOË ÅBERG" and "Zoe Aberg" are both "Zoë Åberg"). An identifier counts
only as a whole word, so `U12` never touches `U123`. Columns too short for the pseudonym (codes,
statuses) never hold a person's id or name and are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, Table, select, update
from sqlalchemy.orm import Session

from store.models import Base

# The combining marks NFKD leaves after Latin letters (é -> e + U+0301).
LATIN_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> tuple[str, list[int]]:
    """`text` casefolded without accents, and for each folded character its index in `text`."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                where.append(index)
    return "".join(out), where


def _quick_fold(text: str) -> str:
    """The same text as `fold` gives, without the index: in C for ASCII and accented Latin
    letters (nearly every cell), by `fold` itself for anything else."""
    if text.isascii():
        return text.lower()
    bare = LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return bare.lower() if bare.isascii() else fold(text)[0]


@dataclass(frozen=True)
class Finder:
    """Whole-word occurrences of any of several identifiers, however they are cased or accented."""

    needles: tuple[str, ...]
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, identifiers: Sequence[str]) -> Finder:
        needles = tuple(sorted({fold(i.strip())[0] for i in identifiers if i.strip()}, key=len))
        words = "|".join(re.escape(n) for n in reversed(needles)) or "(?!)"
        return cls(needles, re.compile(rf"(?:^|(?<=[^\w.+-]))(?:{words})(?![\w-]|\.\w)"))

    def spans(self, text: str) -> list[tuple[int, int]]:
        quick = _quick_fold(text)
        if not any(n in quick for n in self.needles):
            return []  # most cells: one pass in C, no per-character work
        folded, where = fold(text)
        found = []
        for match in self.pattern.finditer(folded):
            start, end = where[match.start()], where[match.end() - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1  # an accent written as a separate mark belongs to the name
            found.append((start, end))
        return found

    def replace(self, text: str, pseudonym: str) -> str:
        for start, end in reversed(self.spans(text)):
            text = text[:start] + pseudonym + text[end:]
        return text


def replace_everywhere(session: Session, identifiers: Sequence[str], pseudonym: str) -> int:
    """Replace every identifier by `pseudonym` in every table; returns how many values changed."""
    finder = Finder.of(identifiers)
    changed = 0
    for table, name in _columns(len(pseudonym)):
        changed += _rewrite(session, table, name, finder, pseudonym)
    return changed


def mentions(session: Session, identifiers: Sequence[str]) -> int:
    """How many cells hold any identifier as a whole word; 0 means nothing to forget."""
    finder = Finder.of(identifiers)
    return sum(
        1
        for table, name in _columns(0)
        for _key, value in _cells(session, table, name)
        if _deep(value, finder, None) != value
    )


def _columns(room: int) -> Iterator[tuple[Table, str]]:
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            length = getattr(kind, "length", None)
            if isinstance(kind, JSON) or (
                isinstance(kind, String) and (length is None or length >= room)
            ):
                yield table, column.name


def _cells(session: Session, table: Table, name: str) -> Iterator[tuple[tuple[Any, ...], Any]]:
    keys = list(table.primary_key.columns)
    column = table.c[name]
    rows = session.execute(select(*keys, column).where(column.is_not(None)).order_by(*keys))
    for row in rows:
        yield tuple(row[:-1]), row[-1]


def _rewrite(session: Session, table: Table, name: str, finder: Finder, pseudonym: str) -> int:
    keys = list(table.primary_key.columns)
    length = getattr(table.c[name].type, "length", None)
    found = [
        (key, new)
        for key, value in _cells(session, table, name)
        if (new := _deep(value, finder, pseudonym)) != value
    ]
    for key, new in found:
        if isinstance(new, str) and length is not None:
            new = new[:length]  # a key that grew past its column keeps its start
        match = [column == key[i] for i, column in enumerate(keys)]
        session.execute(update(table).where(*match).values({name: new}))
    return len(found)


def _deep(value: Any, finder: Finder, pseudonym: str | None) -> Any:
    """`value` (text, or decoded JSON) with every string in it rewritten (None: only marked)."""
    if isinstance(value, str):
        if pseudonym is None:
            return value if not finder.spans(value) else None
        return finder.replace(value, pseudonym)
    if isinstance(value, list):
        return [_deep(v, finder, pseudonym) for v in value]
    if isinstance(value, dict):
        return {_deep(k, finder, pseudonym): _deep(v, finder, pseudonym) for k, v in value.items()}
    return value
