"""A signed request's body as Bolt would read it, or the one-line reason it cannot be read.

Bolt's own parser raises on bad JSON, deep nesting and undecodable bytes (an HTTP 500 with a
traceback), and reads any form body containing the word "payload" as an interaction, so a
slash command whose text says "payload" was lost. This parser agrees with Bolt otherwise.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

JSON_TYPE = "application/json"
ESCAPE = re.compile(rb"%[0-9A-Fa-f]{2}")


class Malformed(ValueError):
    """The request cannot be read; the message names why, in one line, without its content."""


def decoded(raw: bytes) -> str:
    """Slack sends UTF-8 only; other bytes cannot even be checked against the signature."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None


def parse(text: str, content_type: str) -> dict[str, Any]:
    if not text:
        raise Malformed("empty body")
    if content_type == JSON_TYPE or text.startswith("{"):
        return _object(text, "JSON body")
    try:
        fields = _form(text)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("form body cannot be decoded") from None
    if "payload" in fields:
        return _object(fields["payload"], "payload field")
    return fields


def _object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except RecursionError:
        raise Malformed(f"{what} is nested too deeply") from None
    except ValueError:
        raise Malformed(f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Malformed(f"{what} is {type(value).__name__}, not an object")
    return value


def _form(text: str) -> dict[str, str]:
    """`parse_qsl(text, keep_blank_values=True, strict_parsing=True)` as a dict, faster: a click
    carries its whole message percent-encoded, and the standard library decodes it one escape
    at a time in Python."""
    fields: dict[str, str] = {}
    for pair in text.split("&"):
        name, equals, value = pair.partition("=")
        if not equals:
            # Empty and "=" free pairs: the standard library's rules and errors, not ours.
            return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
        fields[_unquote_plus(name)] = _unquote_plus(value)
    return fields


def _unquote_plus(value: str) -> str:
    """`urllib.parse.unquote_plus(value, errors="strict")`: each distinct escape is replaced
    at C speed, %25 last, so a "%" it decodes never starts another escape."""
    value = value.replace("+", " ")
    if "%" not in value:
        return value
    raw = value.encode("utf-8")
    escapes = ESCAPE.findall(raw)
    if len(escapes) != raw.count(b"%"):  # a "%" that starts no escape: not from Slack
        return unquote(value, errors="strict")
    for escape in sorted(set(escapes), key=lambda e: e == b"%25"):
        raw = raw.replace(escape, bytes.fromhex(escape[1:].decode()))
    return raw.decode("utf-8")
