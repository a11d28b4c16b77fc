"""Malformed signed requests, by name: each must get 400 and one log line, never a 500.

Built from real payload shapes (a click, a modal submission, an event, a slash command) with one
thing wrong each, so a new case is one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"
DEEP = 100_000

Body = tuple[str | bytes, str]  # (body, content type)


def click(**change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": "UPOC", "username": "upoc", "team_id": "T0SANDBOX"},
        "team": {"id": "T0SANDBOX", "domain": "sandbox"},
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C0WALK"},
        "channel": {"id": "C0WALK", "name": "assessment"},
        "trigger_id": "1.2.abc",
        "actions": [{"action_id": "walk_skip", "block_id": "b", "type": "button", "value": "{}"}],
    }
    return _changed(body, change)


def submission(**change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "view_submission",
        "user": {"id": "UPOC", "team_id": "T0SANDBOX"},
        "team": {"id": "T0SANDBOX", "domain": "sandbox"},
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "walk_notes_modal",
            "private_metadata": "{}",
            "state": {"values": {}},
        },
    }
    return _changed(body, change)


def envelope(**change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "event_callback",
        "team_id": "T0SANDBOX",
        "api_app_id": "A0BOT",
        "event_id": "Ev0HOSTILE",
        "event_time": 1,
        "event": {"type": "app_home_opened", "user": "UPOC", "channel": "D1", "tab": "home"},
    }
    return _changed(body, change)


def _changed(body: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    """`view__type=None` sets body["view"]["type"]; `...=DROP` removes the key."""
    for path, value in change.items():
        *parents, last = path.split("__")
        target = body
        for key in parents:
            target = target[key]
        if value is DROP:
            target.pop(last, None)
        else:
            target[last] = value
    return body


DROP = object()


def as_payload(body: dict[str, Any] | Any) -> Body:
    return urlencode({"payload": json.dumps(body)}), FORM


def raw_payload(text: str) -> Body:
    return "payload=" + quote(text), FORM


def as_json(body: Any) -> Body:
    return json.dumps(body), JSON_TYPE


def slash(**fields: str) -> tuple[str, str]:
    base = {"command": "/assess", "text": "help", "user_id": "UPOC", "channel_id": "C0WALK"}
    return urlencode({**base, **fields}), FORM


def event(**change: Any) -> Body:
    return as_json(envelope(**{f"event__{k}": v for k, v in change.items()}))


HOSTILE: dict[str, Callable[[], Body]] = {
    # ---- the interaction form field -----------------------------------------------------------
    "payload {bad": lambda: raw_payload("{bad"),
    "payload null": lambda: raw_payload("null"),
    "payload []": lambda: raw_payload("[]"),
    "payload a string": lambda: raw_payload('"block_actions"'),
    "payload a number": lambda: raw_payload("42"),
    "payload empty": lambda: raw_payload(""),
    "payload 100,000-deep arrays": lambda: raw_payload("[" * DEEP + "]" * DEEP),
    "payload %FF%FE bytes": lambda: ("payload=%FF%FE", FORM),
    "payload without a type": lambda: as_payload({"user": {"id": "UPOC"}}),
    "payload type a number": lambda: as_payload(click(type=7)),
    "payload type null": lambda: as_payload(click(type=None)),
    "block_actions actions []": lambda: as_payload(click(actions=[])),
    "block_actions actions null": lambda: as_payload(click(actions=None)),
    "block_actions actions a string": lambda: as_payload(click(actions="walk_skip")),
    "block_actions actions [1]": lambda: as_payload(click(actions=[1])),
    "block_actions no actions": lambda: as_payload(click(actions=DROP)),
    "block_actions action without action_id": lambda: as_payload(click(actions=[{"value": "x"}])),
    "block_actions action_id a number": lambda: as_payload(click(actions=[{"action_id": 5}])),
    "block_actions value an object": lambda: as_payload(
        click(actions=[{"action_id": "walk_skip", "value": {"w": 1}}])
    ),
    "block_actions user a string": lambda: as_payload(click(user="UPOC")),
    "block_actions user null": lambda: as_payload(click(user=None)),
    "block_actions no user": lambda: as_payload(click(user=DROP)),
    "block_actions user without id": lambda: as_payload(click(user={"name": "pat"})),
    "block_actions user id a number": lambda: as_payload(click(user={"id": 123})),
    "block_actions user id not a Slack id": lambda: as_payload(click(user={"id": "pat <@U1>"})),
    "slash command empty user_id": lambda: slash(user_id=""),
    "block_actions team a string": lambda: as_payload(click(team="T0SANDBOX")),
    "block_actions container a list": lambda: as_payload(click(container=[])),
    "block_actions channel id a number": lambda: as_payload(click(channel={"id": 1})),
    "view_submission without view": lambda: as_payload(submission(view=DROP)),
    "view_submission view null": lambda: as_payload(submission(view=None)),
    "view_submission without view.type": lambda: as_payload(submission(view__type=DROP)),
    "view_submission view.type a number": lambda: as_payload(submission(view__type=3)),
    "view_submission callback_id a number": lambda: as_payload(submission(view__callback_id=9)),
    "view_submission state.values a list": lambda: as_payload(
        submission(view__state={"values": []})
    ),
    "view_submission state a string": lambda: as_payload(submission(view__state="x")),
    "view_submission selected_date not a date": lambda: as_payload(
        submission(view__state={"values": {"b": {"a": {"selected_date": "2027-02-30"}}}})
    ),
    "view_submission selected_options [1]": lambda: as_payload(
        submission(view__state={"values": {"b": {"a": {"selected_options": [1]}}}})
    ),
    "view_submission value an object": lambda: as_payload(
        submission(view__state={"values": {"b": {"a": {"value": {"text": "x"}}}}})
    ),
    "view_submission selected_users a string": lambda: as_payload(
        submission(view__state={"values": {"b": {"a": {"selected_users": "UPOC"}}}})
    ),
    "view_submission private_metadata an object": lambda: as_payload(
        submission(view__private_metadata={})
    ),
    "view_submission no user": lambda: as_payload(submission(user=DROP)),
    "view_closed view null": lambda: as_payload(submission(type="view_closed", view=None)),
    "shortcut without user": lambda: as_payload({"type": "shortcut", "callback_id": "x"}),
    # ---- JSON bodies ---------------------------------------------------------------------------
    "JSON body null": lambda: ("null", JSON_TYPE),
    "JSON body {oops": lambda: ("{oops", JSON_TYPE),
    "JSON body []": lambda: ("[]", JSON_TYPE),
    "JSON body a string": lambda: ('"event_callback"', JSON_TYPE),
    "JSON body 100,000-deep arrays": lambda: ("[" * DEEP + "]" * DEEP, JSON_TYPE),
    "JSON body 100,000-deep objects": lambda: ('{"a":' * DEEP + "1" + "}" * DEEP, JSON_TYPE),
    "JSON body %FF%FE bytes": lambda: (b'{"type": "\xff\xfe"}', JSON_TYPE),
    "JSON content type with a form body": lambda: (slash()[0], JSON_TYPE),
    "form content type with a JSON body {bad": lambda: ("{bad", FORM),
    "JSON body without a type": lambda: as_json({"event": {"type": "message"}}),
    "JSON body type a list": lambda: as_json(envelope(type=["event_callback"])),
    '"event": null': lambda: as_json(envelope(event=None)),
    "no event": lambda: as_json(envelope(event=DROP)),
    "event a list": lambda: as_json(envelope(event=[])),
    "event a string": lambda: as_json(envelope(event="app_home_opened")),
    "event without a type": lambda: as_json(envelope(event={"user": "UPOC"})),
    "event type a number": lambda: event(type=1),
    'app_home_opened "user": 123': lambda: event(user=123),
    "app_home_opened user an object": lambda: event(user={"id": "UPOC"}),
    "app_home_opened tab a number": lambda: event(tab=1),
    "message channel a number": lambda: event(type="message", channel=5, thread_ts="1.1"),
    "message text an object": lambda: event(type="message", text={}, channel="C0WALK"),
    "message thread_ts a list": lambda: event(type="message", thread_ts=[], channel="C0WALK"),
    "event_id a number": lambda: as_json(envelope(event_id=123)),
    "event_callback without event_id": lambda: as_json(envelope(event_id=DROP)),
    "url_verification without challenge": lambda: as_json({"type": "url_verification"}),
    "authorizations a string": lambda: as_json(envelope(authorizations="T0SANDBOX")),
    "authorizations [a string]": lambda: as_json(envelope(authorizations=["T0SANDBOX"])),
    "authorizations team_id a list": lambda: as_json(envelope(authorizations=[{"team_id": []}])),
    "enterprise id a list": lambda: as_json(envelope(enterprise={"id": ["E1"]})),
    "view_submission app_installed_team_id a list": lambda: as_payload(
        submission(view__app_installed_team_id=["T0SANDBOX"])
    ),
    # ---- slash commands and other forms --------------------------------------------------------
    "slash command %FF%FE bytes": lambda: (slash()[0] + "&text=%FF%FE", FORM),
    "slash command empty command": lambda: slash(command=""),
    "form body that is not a form": lambda: ("\x00\x01garbage", FORM),
    "empty body": lambda: ("", FORM),
}
