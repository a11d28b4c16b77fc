"""People's text inside Markdown reports: kept as text, never markup."""

from __future__ import annotations

import re

# Markdown: people's notes must stay text, and read as text in the raw file too, so no HTML
# entities: backslashes stop HTML tags, entities, emphasis, code, links, tables and, at a line's
# start, headings, quotes, lists and rules; bare URLs lose autolinking.
_INLINE = re.compile(r"([\\`*_\[\]|~!<>])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # only an & that would start an entity
_LEADING = re.compile(r"^([#+\-=])")
_ORDERED = re.compile(r"^(\d+)([.)])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)")
# What any of the above could change: a line with none of it is already text (most are, and a
# report escapes thousands of them).
_SPECIAL = re.compile(r"(?i)[\\`*_\[\]|~!&<>:]|www\.|^[#+\-=\d]")


def markdown_text(value: object, indent: str = "") -> str:
    """User text for Markdown: one escaped line per line, joined by hard breaks at `indent`."""
    lines = [_markdown_line(line) for line in str(value).splitlines()] or [""]
    return ("  \n" + indent).join(lines)


def _markdown_line(line: str) -> str:
    text = line.strip()
    if not _SPECIAL.search(text):
        return text
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}\\{m[2] or m[4]}", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return _LEADING.sub(r"\\\1", text)
