"""The edge's form decoding agrees with the standard library's, value for value and refusal
for refusal."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote_plus, urlencode

from hypothesis import given
from hypothesis import strategies as st

from bot.edge.parse import Malformed, parse

FORM = "application/x-www-form-urlencoded"
PIECES = st.sampled_from(["%", "%2", "%25", "%41", "%e2%80%94", "%ZZ", "+", "&", "=", "a", "é"])


def standard(text: str) -> dict[str, str] | None:
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict"))
    except (ValueError, UnicodeDecodeError):
        return None


def ours(text: str) -> dict[str, str] | None:
    try:
        return parse(text, FORM)
    except Malformed:
        return None


@given(st.lists(PIECES | st.text(max_size=4), min_size=1, max_size=30).map("".join))
def test_any_form_body_reads_as_the_standard_library_reads_it(text: str) -> None:
    if "payload" in text or not text or text.startswith("{"):
        return  # read as JSON, not as a form
    assert ours(text) == standard(text)


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=40), max_size=6))
def test_encoded_fields_come_back_as_they_were(fields: dict[str, str]) -> None:
    text = urlencode(fields)
    if not text or "payload" in text:
        return
    assert ours(text) == fields


def test_a_click_payload_comes_back_whole() -> None:
    payload = {"text": "100% «sure» & <@U1> 50%25 + more", "blocks": [{"a": "%41"}]}
    body = "payload=" + quote_plus(json.dumps(payload))
    assert parse(body, FORM) == payload
