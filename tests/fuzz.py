"""Generated hostile requests (hypothesis strategies): slash text, clicks, modal submissions,
events and raw garbage, with wrong types, missing fields, huge strings, odd Unicode and forged
ids. Shared by the bounded run in the suite (tests/e2e/test_fuzz.py) and bench/fuzz.py."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import strategies as st

from bot.handlers import ids

FORM = "application/x-www-form-urlencoded"
TEAM = "T0SANDBOX"
# Who sends: Texas's POC and agency (who may write), and people who may not write anything.
WRITERS = ("UPOC", "UAG1")
STRANGERS = ("USTRANGER", "UNOBODY", "W0FORGED", "")
TOPICS = ("housing", "screening", "judiciary", "help", "status", "review", "invite", "admin")
RECS = ("HOU-1", "HOU-2", "SCR-1", "XYZ-999", "hou-1", "")
ACTION_IDS = (
    *[f"{ids.ANSWER}:{s}" for s in ("tier_2", "tier_1", "not_yet", "bogus", "")],
    *(v for k, v in ids.as_dict().items() if isinstance(v, str)),
    "unknown_action",
)
VIEW_IDS = (
    ids.NOTES_MODAL,
    ids.ADMIN_MODAL,
    ids.INVITE_MODAL,
    ids.MEMBER_EDIT_MODAL,
    ids.REVIEW_CHANGES_MODAL,
    ids.SUBMIT_MODAL,
    ids.REOPEN_MODAL,
    ids.AWAY_MODAL,
    "unknown_modal",
)


def huge(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda c, n: c * n, alphabet, st.integers(1_000, 40_000))


ODD = st.characters(codec="utf-8") | st.sampled_from("\u202e\u200b\ufeff\U0001f600\x00<>&@!")
TEXT = (
    st.text(ODD, max_size=60)
    | huge(st.sampled_from("a<@U1>&\U0001f600"))
    | st.sampled_from(
        ["", " ", "<!channel>", "<@UPOC>", "housing HOU-1", "review TX", "invite <@UAG2> housing"]
    )
)
SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSONISH = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
USER = st.sampled_from(WRITERS + STRANGERS) | st.text(ODD, max_size=12)
WALK_ID = st.integers(-2, 6) | SCALAR
REF = st.fixed_dictionaries(
    {},
    optional={
        "w": WALK_ID,
        "r": st.sampled_from(RECS) | SCALAR,
        "j": st.sampled_from(["TX", "CA", "ZZ", ""]) | SCALAR,
        "t": st.sampled_from(TOPICS) | SCALAR,
        "s": SCALAR,
    },
)
VALUE = st.builds(json.dumps, REF) | TEXT | st.sampled_from(["TX", "CA", "1", "2", "abc", "{bad"])


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field that is sometimes right, sometimes any JSON at all, sometimes missing."""
    return st.one_of(value, value, JSONISH, st.just(MISSING))


def fields(draw: st.DrawFn) -> Any:
    """Half the requests have every field well-formed (so they reach the listeners and
    their forged values meet the workflows); the other half break any field."""
    broken = draw(st.booleans())
    return lambda value: draw(maybe(value) if broken else value)


MISSING = object()


def _drop_missing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_missing(v) for k, v in value.items() if v is not MISSING}
    if isinstance(value, list):
        return [_drop_missing(v) for v in value if v is not MISSING]
    return value


@st.composite
def slash(draw: st.DrawFn) -> tuple[str, str]:
    fields = {
        "command": draw(st.sampled_from(["/assess", "/assess", "/other", "assess", ""])),
        "text": draw(st.sampled_from(TOPICS) | st.just("")) + " " + draw(TEXT),
        "user_id": draw(USER),
        "channel_id": draw(st.sampled_from(["C0WALK", "C0OTHER", "D1", ""]) | TEXT),
        "team_id": draw(st.sampled_from([TEAM, TEAM, TEAM, "T0FOREIGN", ""])),
        "trigger_id": draw(st.sampled_from(["1.2.abc", ""])),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(fields))))
    return urlencode({k: v for k, v in fields.items() if k not in dropped}), FORM


@st.composite
def click(draw: st.DrawFn) -> tuple[str, str]:
    f = fields(draw)
    action = {
        "action_id": f(st.sampled_from(ACTION_IDS)),
        "block_id": f(TEXT),
        "type": "button",
        "value": f(VALUE),
        "selected_option": f(st.fixed_dictionaries({"value": VALUE})),
    }
    payload = {
        "type": "block_actions",
        "user": f(st.fixed_dictionaries({"id": USER, "team_id": st.just(TEAM)})),
        "team": {"id": draw(st.sampled_from([TEAM, TEAM, "T0FOREIGN"]))},
        "container": draw(
            maybe(
                st.fixed_dictionaries(
                    {
                        "type": st.just("message"),
                        "channel_id": st.sampled_from(["C0WALK", "C0CA", ""]),
                        "message_ts": TEXT,
                    }
                )
            )
        ),
        "channel": f(st.fixed_dictionaries({"id": st.sampled_from(["C0WALK", "C0CA"])})),
        "trigger_id": "1.2.abc",
        "actions": draw(st.one_of(st.just([action]), maybe(st.lists(JSONISH, max_size=2)))),
        "message": f(st.fixed_dictionaries({"ts": TEXT, "blocks": st.just([])})),
    }
    return urlencode({"payload": json.dumps(_drop_missing(payload))}), FORM


@st.composite
def submission(draw: st.DrawFn) -> tuple[str, str]:
    f = fields(draw)
    values = draw(
        st.dictionaries(
            TEXT,
            st.dictionaries(
                TEXT,
                st.fixed_dictionaries(
                    {"type": st.sampled_from(["plain_text_input", "static_select"]), "value": VALUE}
                ),
                max_size=2,
            ),
            max_size=3,
        )
    )
    known = {
        block: {block: {"type": "plain_text_input", "value": draw(TEXT)}}
        for block in (ids.NOTES_BLOCK, ids.RESOURCES_BLOCK, ids.REVIEW_COMMENT_BLOCK)
    }
    view = {
        "id": "V1",
        "type": f(st.just("modal")),
        "callback_id": f(st.sampled_from(VIEW_IDS)),
        "private_metadata": f(VALUE),
        "state": f(st.just({"values": {**values, **known}})),
    }
    payload = {
        "type": draw(st.sampled_from(["view_submission", "view_closed"])),
        "user": f(st.fixed_dictionaries({"id": USER})),
        "team": {"id": TEAM},
        "view": f(st.just(view)),
    }
    return urlencode({"payload": json.dumps(_drop_missing(payload))}), FORM


@st.composite
def event(draw: st.DrawFn) -> tuple[str, str]:
    f = fields(draw)
    inner = {
        "type": f(st.sampled_from(["message", "app_home_opened", "reaction_added"])),
        "user": f(USER),
        "channel": f(st.sampled_from(["C0WALK", "C0CA", "D1"]) | TEXT),
        "text": f(TEXT),
        "ts": f(st.sampled_from(["2.2", "3.3"]) | TEXT),
        "thread_ts": f(st.sampled_from(["1.1"]) | TEXT),
        "tab": f(st.sampled_from(["home", "messages"])),
    }
    body = {
        "type": "event_callback",
        "team_id": draw(st.sampled_from([TEAM, TEAM, "T0FOREIGN"])),
        "event_id": f(st.text(ODD, min_size=1, max_size=70)),
        "event": f(st.just(inner)),
    }
    return json.dumps(_drop_missing(body)), "application/json"


@st.composite
def garbage(draw: st.DrawFn) -> tuple[str, str]:
    value = json.dumps(draw(JSONISH))
    return draw(st.sampled_from([("payload=" + value, FORM), (value, "application/json")]))


REQUESTS = st.one_of(slash(), click(), submission(), event(), garbage())
