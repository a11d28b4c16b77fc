"""Tests for the stand-in for Slack (sandbox.slack), driven through a real slack_sdk WebClient."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from sandbox.slack import Call, FakeSlack
from sandbox.slack.http import Server

ROOT = Path(__file__).resolve().parents[2]
SUMMER = datetime(2024, 7, 1, 12, tzinfo=UTC).timestamp()
WINTER = datetime(2024, 1, 15, 12, tzinfo=UTC).timestamp()


class FakeClock:
    """A settable clock; call it like time.monotonic / time.time."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1000.0)


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock(SUMMER)


@pytest.fixture
def fake(clock: FakeClock, wall: FakeClock) -> Iterator[FakeSlack]:
    with FakeSlack(clock=clock, wall_clock=wall) as server:
        server.add_user("U1", name="ann", tz="America/Los_Angeles", email="Ann@example.org")
        server.add_user("U2", name="bob", tz="Europe/London")
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


def api_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def option(value: str, label: str = "x") -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def modal(title: str = "Survey") -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [section("q")],
    }


def raw_post(url: str, body: bytes, content_type: str, token: str | None = None) -> Any:
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
    request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.loads(response.read())


# ---- auth ---------------------------------------------------------------------------------------


def test_auth_test_identifies_the_bot(client: WebClient) -> None:
    data = client.auth_test().data
    assert isinstance(data, dict)
    assert data["ok"] is True
    assert (data["team_id"], data["user_id"], data["bot_id"]) == ("T0SANDBOX", "UBOT", "BBOT")
    assert data["is_enterprise_install"] is False
    assert data["url"].startswith("https://")


def test_missing_and_wrong_tokens_are_refused(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=fake.base_url).auth_test()
    assert api_error(missing) == "not_authed"
    with pytest.raises(SlackApiError) as wrong:
        WebClient(token="xoxp-user", base_url=fake.base_url).auth_test()
    assert api_error(wrong) == "invalid_auth"
    assert WebClient(token="xoxb-sandbox", base_url=fake.base_url).auth_test()["ok"]


def test_form_token_and_query_string_are_accepted(fake: FakeSlack) -> None:
    body = b"token=xoxb-form&user=U1"
    data = raw_post(fake.base_url + "users.info", body, "application/x-www-form-urlencoded")
    assert data["user"]["id"] == "U1"
    data = raw_post(fake.base_url + "users.info?user=U2", b"", "application/json", "xoxb-x")
    assert data["user"]["id"] == "U2"
    assert fake.calls("users.info")[0] == Call("users.info", {"user": "U1"}, "xoxb-form")


def test_bad_json_and_unknown_method(fake: FakeSlack, client: WebClient) -> None:
    data = raw_post(fake.base_url + "chat.postMessage", b"{nope", "application/json", "xoxb-x")
    assert data == {"ok": False, "error": "invalid_json"}
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.teleport")
    assert api_error(excinfo) == "unknown_method"


def test_bolt_app_construction_calls_auth_test(fake: FakeSlack, client: WebClient) -> None:
    from slack_bolt import App

    App(client=client, signing_secret="secret")
    assert len(fake.calls("auth.test")) == 1


# ---- messages -----------------------------------------------------------------------------------


def test_post_update_and_thread(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1", text="hello", blocks=[section("*hello*")])
    assert first["channel"] == "C1"
    assert first["message"]["text"] == "hello"
    assert first["message"]["bot_id"] == "BBOT"
    parent = first["ts"]
    reply = client.chat_postMessage(channel="C1", text="in thread", thread_ts=parent)
    assert float(reply["ts"]) > float(parent)

    updated = client.chat_update(channel="C1", ts=parent, text="hello again")
    assert (updated["ts"], updated["text"]) == (parent, "hello again")
    assert updated["message"]["edited"]["user"] == "BBOT"

    stored = fake.message("C1", parent)
    assert stored["text"] == "hello again"
    assert stored["blocks"] == []  # an update without blocks drops them, as Slack does
    assert stored["reply_count"] == 1
    assert stored["thread_ts"] == parent
    assert [m["text"] for m in fake.messages("C1", thread_ts=parent)] == ["in thread"]
    assert [m["text"] for m in fake.messages("C1", top_level_only=True)] == ["hello again"]
    assert all(m["user"] == "UBOT" for m in fake.messages())


def test_ts_values_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel="C1", text=str(i))["ts"] for i in range(5)]
    assert len(set(stamps)) == 5
    assert stamps == sorted(stamps, key=lambda ts: tuple(map(int, ts.split("."))))


def test_concurrent_posts_get_distinct_ts(fake: FakeSlack, client: WebClient) -> None:
    def post_ten(worker: int) -> None:
        for i in range(10):
            client.chat_postMessage(channel="C1", text=f"{worker}-{i}")

    workers = [threading.Thread(target=post_ten, args=(n,)) for n in range(8)]
    for worker in workers:
        worker.start()
    fake.wait_for_calls("chat.postMessage", 80)
    for worker in workers:
        worker.join(timeout=5)
    assert len({m["ts"] for m in fake.messages("C1")}) == 80


def test_conversations_replies_lists_parent_then_replies(
    fake: FakeSlack, client: WebClient
) -> None:
    parent = fake.add_message("C1", "question from a person", user="U1")
    client.chat_postMessage(channel="C1", text="answer", thread_ts=parent)
    replies = client.conversations_replies(channel="C1", ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["question from a person", "answer"]
    history = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["question from a person"]
    assert history[0]["reply_count"] == 1


def test_unknown_thread_ts_is_accepted_and_recorded(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="orphan", thread_ts="1.000001")
    assert fake.messages("C1")[0]["thread_ts"] == "1.000001"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_errors(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as no_text:
        client.chat_postMessage(channel="C1", text="")
    assert api_error(no_text) == "no_text"
    with pytest.raises(SlackApiError) as no_channel:
        client.chat_postMessage(channel="DNOPE", text="x")
    assert api_error(no_channel) == "channel_not_found"


def test_update_errors(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="mine")
    with pytest.raises(SlackApiError) as missing:
        client.chat_update(channel="C1", ts="1.000000", text="x")
    assert api_error(missing) == "message_not_found"
    theirs = fake.add_message("C1", "a person wrote this", user="U1")
    with pytest.raises(SlackApiError) as not_ours:
        client.chat_update(channel="C1", ts=theirs, text="x")
    assert api_error(not_ours) == "cant_update_message"


def test_posting_to_a_user_id_lands_in_their_dm(fake: FakeSlack, client: WebClient) -> None:
    response = client.chat_postMessage(channel="U1", text="hi")
    assert response["channel"] == fake.dm_channel("U1")


def test_ephemeral_is_not_a_channel_message(fake: FakeSlack, client: WebClient) -> None:
    response = client.chat_postEphemeral(channel="C1", user="U1", text="psst")
    assert response["message_ts"]
    assert fake.messages("C1") == []
    [ephemeral] = fake.ephemerals("U1")
    assert (ephemeral["channel"], ephemeral["text"]) == ("C1", "psst")
    assert ephemeral["ts"] == response["message_ts"]
    assert fake.ephemerals("U2") == []
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postEphemeral(channel=fake.dm_channel("U1"), user="U2", text="x")
    assert api_error(excinfo) == "user_not_in_channel"


def test_metadata_is_kept_and_returned_by_history(client: WebClient) -> None:
    metadata = {"event_type": "delivery", "event_payload": {"key": "k-1"}}
    client.chat_postMessage(channel="C1", text="one", metadata=metadata)
    client.chat_postMessage(channel="C1", text="two")
    client.chat_postMessage(channel="C1", text="reply", thread_ts="1.000001")
    with_meta = client.conversations_history(channel="C1", include_all_metadata=True)
    assert [m["text"] for m in with_meta["messages"]] == ["two", "one"]  # newest first
    assert with_meta["messages"][1]["metadata"] == metadata
    without = client.conversations_history(channel="C1")
    assert "metadata" not in without["messages"][1]


def test_history_pages_with_a_cursor(client: WebClient) -> None:
    for i in range(3):
        client.chat_postMessage(channel="C1", text=str(i))
    first = client.conversations_history(channel="C1", limit=2)
    assert [m["text"] for m in first["messages"]] == ["2", "1"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(channel="C1", limit=2, cursor=cursor)
    assert [m["text"] for m in second["messages"]] == ["0"]


def test_reactions(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="x")["ts"]
    client.reactions_add(channel="C1", timestamp=ts, name="white_check_mark")
    with pytest.raises(SlackApiError) as excinfo:
        client.reactions_add(channel="C1", timestamp=ts, name="white_check_mark")
    assert api_error(excinfo) == "already_reacted"
    reactions = fake.message("C1", ts)["reactions"]
    assert reactions == [{"name": "white_check_mark", "users": ["UBOT"], "count": 1}]


def test_schedule_message(fake: FakeSlack, client: WebClient, wall: FakeClock) -> None:
    now = int(wall())
    with pytest.raises(SlackApiError) as past:
        client.chat_scheduleMessage(channel="C1", text="x", post_at=now - 1)
    assert api_error(past) == "time_in_past"
    with pytest.raises(SlackApiError) as far:
        client.chat_scheduleMessage(channel="C1", text="x", post_at=now + 121 * 86400)
    assert api_error(far) == "time_too_far"
    response = client.chat_scheduleMessage(channel="C1", text="later", post_at=now + 60)
    assert response["scheduled_message_id"].startswith("Q")
    assert fake.messages("C1") == []
    wall.advance(61)
    assert [m["text"] for m in fake.messages("C1")] == ["later"]


def test_file_upload_v2(fake: FakeSlack, client: WebClient) -> None:
    response = client.files_upload_v2(
        channel="C1", content="a,b\n", filename="report.csv", title="Report"
    )
    assert response["file"]["title"] == "Report"
    [upload] = fake.files()
    assert upload["content"] == b"a,b\n"
    assert fake.messages("C1")[0]["files"][0]["name"] == "report.csv"


# ---- injected failures and rate limits ----------------------------------------------------------


def test_fail_answers_200_error_then_recovers(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", error="channel_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_postMessage(channel="C1", text="x")
        assert excinfo.value.response.status_code == 200
        assert api_error(excinfo) == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_fail_429_carries_retry_after(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="x")
    response = excinfo.value.response
    assert response.status_code == 429
    assert response["error"] == "ratelimited"
    assert response.headers["Retry-After"] == "7"


def test_fail_5xx(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("users.info", status=503)
    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="U1")
    assert excinfo.value.response.status_code == 503


def test_rate_limit_per_channel(clock: FakeClock) -> None:
    with FakeSlack(rate_limit=True, clock=clock) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url)
        client.chat_postMessage(channel="C1", text="1")
        client.chat_postMessage(channel="C1", text="2")  # the burst
        with pytest.raises(SlackApiError) as excinfo:
            client.chat_postMessage(channel="C1", text="3")
        assert excinfo.value.response.status_code == 429
        assert excinfo.value.response.headers["Retry-After"] == "1"
        client.chat_postMessage(channel="C2", text="other channel")
        clock.advance(1.0)
        client.chat_postMessage(channel="C1", text="4")
        assert fake.stats == {"accepted": 4, "limited": 1}
        assert [m["text"] for m in fake.messages("C1")] == ["1", "2", "4"]


# ---- Block Kit checks ---------------------------------------------------------------------------

INVALID_BLOCKS: dict[str, list[dict[str, Any]]] = {
    "unknown block type": [{"type": "bogus"}],
    "unknown element type": [{"type": "actions", "elements": [{"type": "bogus"}]}],
    "section text over 3000": [section("x" * 3001)],
    "51 blocks": [section("x")] * 51,
    "bare string where Slack wants a text object": [{"type": "section", "text": "plain"}],
    "option value over 150": [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "pick"},
            "accessory": {
                "type": "static_select",
                "action_id": "a",
                "options": [option("v" * 151)],
            },
        }
    ],
    "11 checkboxes": [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "checkboxes",
                    "action_id": "c",
                    "options": [option(str(i)) for i in range(11)],
                }
            ],
        }
    ],
    "button text over 75": [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "b",
                    "text": {"type": "plain_text", "text": "x" * 76},
                }
            ],
        }
    ],
}


@pytest.mark.parametrize("blocks", INVALID_BLOCKS.values(), ids=INVALID_BLOCKS.keys())
def test_invalid_blocks_are_rejected_and_recorded(
    fake: FakeSlack, client: WebClient, blocks: list[dict[str, Any]]
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="fallback", blocks=blocks)
    assert api_error(excinfo) == "invalid_blocks"
    messages = excinfo.value.response["response_metadata"]["messages"]
    assert messages
    assert all(m.startswith("[ERROR]") for m in messages)
    assert fake.invalid
    assert fake.invalid[0].startswith("chat.postMessage: [ERROR]")
    assert fake.messages() == []


def test_text_over_40000_is_refused(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel="C1", text="x" * 40_001)
    assert api_error(excinfo) == "msg_too_long"
    assert len(fake.invalid) == 1


def test_valid_blocks_leave_invalid_empty(fake: FakeSlack, client: WebClient) -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Survey"}},
        section("How are we doing?"),
        {
            "type": "actions",
            "elements": [
                {
                    "type": "radio_buttons",
                    "action_id": "r",
                    "options": [option(str(i), f"{i}") for i in range(10)],
                },
                {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}},
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "_note_"}]},
        {"type": "divider"},
    ]
    client.chat_postMessage(channel="C1", text="survey", blocks=blocks)
    client.chat_update(channel="C1", ts=fake.messages()[0]["ts"], text="v2", blocks=blocks)
    assert fake.invalid == []
    assert fake.messages()[0]["blocks"] == blocks


# ---- views --------------------------------------------------------------------------------------


def test_trigger_works_once(fake: FakeSlack, client: WebClient) -> None:
    trigger = fake.new_trigger_id(user="U1")
    opened = client.views_open(trigger_id=trigger, view=modal())
    view = opened["view"]
    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["root_view_id"] == view["id"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=trigger, view=modal())
    assert api_error(excinfo) == "exchanged_trigger_id"
    [record] = fake.views("U1")
    assert (record["id"], record["hash"]) == (view["id"], view["hash"])
    assert record["view"]["title"]["text"] == "Survey"


def test_trigger_expires_after_three_seconds(
    fake: FakeSlack, client: WebClient, clock: FakeClock
) -> None:
    trigger = fake.new_trigger_id()
    clock.advance(2.999)
    fresh = fake.new_trigger_id()
    clock.advance(0.001)
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=trigger, view=modal())
    assert api_error(excinfo) == "expired_trigger_id"
    assert client.views_open(trigger_id=fresh, view=modal())["ok"]


def test_unknown_trigger_is_invalid(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id="123.456.abcdef", view=modal())
    assert api_error(excinfo) == "invalid_trigger_id"


def test_invalid_view_is_rejected_and_recorded(fake: FakeSlack, client: WebClient) -> None:
    trigger = fake.new_trigger_id()
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=trigger, view=modal(title="x" * 25))
    assert api_error(excinfo) == "invalid_arguments"
    assert fake.invalid and fake.invalid[0].startswith("views.open: [ERROR]")
    # The failed call did not use the trigger up.
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]


def test_view_input_limits_slack_sdk_misses(fake: FakeSlack, client: WebClient) -> None:
    view = modal()
    view["submit"] = {"type": "plain_text", "text": "Send"}
    view["blocks"] = [
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "Comment"},
            "element": {"type": "plain_text_input", "action_id": "c", "max_length": 3001},
        }
    ]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=fake.new_trigger_id(), view=view)
    assert api_error(excinfo) == "invalid_arguments"
    assert "max_length" in fake.invalid[0]


def test_views_update_push_and_hash_conflict(fake: FakeSlack, client: WebClient) -> None:
    first = client.views_open(trigger_id=fake.new_trigger_id("U1"), view=modal())["view"]
    pushed = client.views_push(trigger_id=fake.new_trigger_id("U1"), view=modal("Step 2"))["view"]
    assert (pushed["root_view_id"], pushed["previous_view_id"]) == (first["id"], first["id"])
    updated = client.views_update(view_id=first["id"], hash=first["hash"], view=modal("Edited"))
    assert updated["view"]["id"] == first["id"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id=first["id"], hash=first["hash"], view=modal("Again"))
    assert api_error(excinfo) == "hash_conflict"
    with pytest.raises(SlackApiError) as missing:
        client.views_update(view_id="VNOPE", view=modal())
    assert api_error(missing) == "not_found"
    assert [v["view"]["title"]["text"] for v in fake.views("U1")] == ["Edited", "Step 2"]


def test_views_update_by_external_id(fake: FakeSlack, client: WebClient) -> None:
    view = {**modal(), "external_id": "survey-42"}
    client.views_open(trigger_id=fake.new_trigger_id(), view=view)
    updated = client.views_update(
        external_id="survey-42", view={**modal("New"), "external_id": "survey-42"}
    )
    assert updated["view"]["title"]["text"] == "New"


def test_views_publish_home(fake: FakeSlack, client: WebClient) -> None:
    home = {"type": "home", "blocks": [section("Welcome")]}
    first = client.views_publish(user_id="U1", view=home)["view"]
    second = client.views_publish(user_id="U1", view=home, hash=first["hash"])["view"]
    assert second["id"] == first["id"]
    published = fake.home("U1")
    assert published is not None
    assert published["blocks"] == [section("Welcome")]
    assert fake.home("U2") is None
    with pytest.raises(SlackApiError) as stale:
        client.views_publish(user_id="U1", view=home, hash=first["hash"])
    assert api_error(stale) == "hash_conflict"
    with pytest.raises(SlackApiError) as wrong_type:
        client.views_publish(user_id="U1", view=modal())
    assert api_error(wrong_type) == "invalid_arguments"


# ---- users and conversations --------------------------------------------------------------------


def test_users_info_tz_offset_follows_dst(
    fake: FakeSlack, client: WebClient, wall: FakeClock
) -> None:
    user = client.users_info(user="U1")["user"]
    assert (user["tz"], user["tz_offset"], user["tz_label"]) == (
        "America/Los_Angeles",
        -25200,
        "Pacific Daylight Time",
    )
    assert user["profile"]["email"] == "Ann@example.org"
    assert user["deleted"] is False
    wall.now = WINTER
    assert client.users_info(user="U1")["user"]["tz_offset"] == -28800
    assert client.users_info(user="U2")["user"]["tz_offset"] == 0
    with pytest.raises(SlackApiError) as excinfo:
        client.users_info(user="U404")
    assert api_error(excinfo) == "user_not_found"


def test_users_lookup_by_email(fake: FakeSlack, client: WebClient) -> None:
    assert client.users_lookupByEmail(email="ann@example.org")["user"]["id"] == "U1"
    with pytest.raises(SlackApiError) as excinfo:
        client.users_lookupByEmail(email="nobody@example.org")
    assert api_error(excinfo) == "users_not_found"


def test_conversations_open_is_stable(fake: FakeSlack, client: WebClient) -> None:
    first = client.conversations_open(users="U1")
    assert first["channel"]["id"].startswith("D")
    assert first.get("already_open") is None
    again = client.conversations_open(users=["U1"])
    assert again["already_open"] is True
    assert again["channel"]["id"] == first["channel"]["id"] == fake.dm_channel("U1")
    assert fake.dm_channel("U2") != fake.dm_channel("U1")
    info = client.conversations_info(channel=first["channel"]["id"])["channel"]
    assert (info["is_im"], info["user"]) == (True, "U1")
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_open(users="U1,U404")
    assert api_error(excinfo) == "user_not_found"
    with pytest.raises(SlackApiError) as unknown:
        client.conversations_info(channel="C404")
    assert api_error(unknown) == "channel_not_found"


# ---- response_url -------------------------------------------------------------------------------


def test_response_url_replace_original(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="question", blocks=[section("Q?")])["ts"]
    url = fake.new_response_url("C1", "U1", message_ts=ts)
    response = WebhookClient(url).send(
        text="answered", blocks=[section("Thanks")], replace_original=True
    )
    assert response.status_code == 200
    assert json.loads(response.body) == {"ok": True}
    stored = fake.message("C1", ts)
    assert (stored["text"], stored["blocks"]) == ("answered", [section("Thanks")])
    assert "edited" in stored
    [call] = fake.calls("response_url")
    assert call.args["replace_original"] is True
    assert call.token is None


def test_response_url_without_original_records_an_ephemeral(fake: FakeSlack) -> None:
    url = fake.new_response_url("C1", "U1")
    WebhookClient(url).send(text="only you can see this", replace_original=True)
    [ephemeral] = fake.ephemerals("U1")
    assert ephemeral["source"] == "response_url"
    assert fake.messages() == []


def test_response_url_in_channel_delete_and_limits(fake: FakeSlack, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="original")["ts"]
    url = fake.new_response_url("C1", "U1", message_ts=ts)
    webhook = WebhookClient(url)
    assert webhook.send(text="for everyone", response_type="in_channel").status_code == 200
    bad = webhook.send(text="x", blocks=[{"type": "bogus"}])
    assert bad.status_code == 400
    assert json.loads(bad.body)["error"] == "invalid_blocks"
    assert fake.invalid[0].startswith("response_url: [ERROR]")
    assert webhook.send(delete_original=True).status_code == 200
    assert [m["text"] for m in fake.messages("C1")] == ["for everyone"]
    for _ in range(3):
        assert webhook.send(text="more").status_code == 200
    assert webhook.send(text="a sixth use").status_code == 404


# ---- waiting, reset, standalone -----------------------------------------------------------------


def test_wait_for_calls_sees_a_background_post(fake: FakeSlack, client: WebClient) -> None:
    worker = threading.Thread(
        target=client.chat_postMessage, kwargs={"channel": "C1", "text": "bg"}
    )
    worker.start()
    [call] = fake.wait_for_calls("chat.postMessage", 1)
    worker.join(timeout=5)
    assert call.args == {"channel": "C1", "text": "bg"}
    fake.wait_for(lambda: len(fake.messages("C1")) == 1)


def test_wait_for_timeout_raises_with_a_transcript(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="only one")
    with pytest.raises(AssertionError) as excinfo:
        fake.wait_for_calls("chat.postMessage", 2, timeout=0.05)
    assert "chat.postMessage" in str(excinfo.value)
    assert "1 call(s) received" in str(excinfo.value)


def test_reset_keeps_users(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="x")
    fake.fail("users.info")
    fake.reset()
    assert (fake.calls(), fake.messages(), fake.invalid) == ([], [], [])
    assert client.users_info(user="U1")["user"]["name"] == "ann"


def test_module_runs_standalone() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox.slack", "--port", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/api/")
        assert WebClient(token="xoxb-x", base_url=base_url).auth_test()["user_id"] == "UBOT"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_stand_in_listens_with_room_for_a_burst_of_connections() -> None:
    # A backlog of 5 (socketserver's default) drops connects under a crowd of clicks, and each
    # dropped one waits a second for TCP's retry: one-second outliers for the bot and Bolt alike.
    assert Server.request_queue_size >= 128
