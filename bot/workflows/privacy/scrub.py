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

from sqlalchemy import JSON, String, Table, Text, cast, false, func, or_, select, update
from sqlalchemy.orm import Session

from store.models import Base

NAME_WIDTH = 100  # narrower text columns hold ids, codes, timestamps and zones, never a name

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


def replace_everywhere(
    session: Session, ids: Sequence[str], names: Sequence[str], pseudonym: str
) -> int:
    """Replace every id (Slack ids, email addresses) and name by `pseudonym` in every table;
    returns how many values changed."""
    finder = Finder.of([*ids, *names])
    narrow = Narrowing.of(ids, names)
    changed = 0
    for table, name in _columns(len(pseudonym)):
        changed += _rewrite(session, table, name, finder, narrow, pseudonym)
    return changed


def mentioned(session: Session, ids: Sequence[str]) -> bool:
    """Whether any cell holds any of these ids as a whole word (False: nothing to forget)."""
    finder = Finder.of(ids)
    narrow = Narrowing.of(ids, [])
    return any(
        _deep(value, finder, None) != value
        for table, name in _columns(0)
        for _key, value in _cells(session, table, name, narrow)
    )


@dataclass(frozen=True)
class Narrowing:
    """Which rows the database may leave out before Python compares: ASCII ids appear as they
    are, in any case, and lower() folds ASCII alike on every database; names (any accent) and
    other text are compared in Python, in every column wide enough to hold a name."""

    ascii_ids: tuple[str, ...]
    everything: bool  # a non-ASCII id, or names: no narrowing in name-sized columns

    @classmethod
    def of(cls, ids: Sequence[str], names: Sequence[str]) -> Narrowing:
        ascii_ids = tuple(i.strip().lower() for i in ids if i.strip() and i.strip().isascii())
        fuzzy = any(n.strip() for n in names) or len(ascii_ids) < len([i for i in ids if i.strip()])
        return cls(ascii_ids, fuzzy)

    def where(self, column: Any) -> Any:
        length = getattr(column.type, "length", None)
        wide = isinstance(column.type, JSON) or length is None or length >= NAME_WIDTH
        if self.everything and wide:
            return column.is_not(None)
        cell = func.lower(cast(column, Text))
        return or_(*(cell.contains(i, autoescape=True) for i in self.ascii_ids), false())


def _columns(room: int) -> Iterator[tuple[Table, str]]:
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            length = getattr(kind, "length", None)
            if isinstance(kind, JSON) or (
                isinstance(kind, String) and (length is None or length >= room)
            ):
                yield table, column.name


def _cells(
    session: Session, table: Table, name: str, narrow: Narrowing
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    keys = list(table.primary_key.columns)
    column = table.c[name]
    rows = session.execute(select(*keys, column).where(narrow.where(column)).order_by(*keys))
    for row in rows:
        yield tuple(row[:-1]), row[-1]


def _rewrite(
    session: Session, table: Table, name: str, finder: Finder, narrow: Narrowing, pseudonym: str
) -> int:
    keys = list(table.primary_key.columns)
    length = getattr(table.c[name].type, "length", None)
    found = [
        (key, new)
        for key, value in _cells(session, table, name, narrow)
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
