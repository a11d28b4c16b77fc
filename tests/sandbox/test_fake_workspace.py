"""What the sandbox needs from the stand-in beyond the tests' needs: a workspace that survives
a restart, ephemerals edited in place, and Slack's handling of modal submissions."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from sandbox.slack import FakeSlack
from sandbox.slack.http import Reply, Request


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        server.add_user("U1", name="ann")
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.base_url)


def modal(title: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": title}}],
    }


def test_a_saved_workspace_comes_back_whole(fake: FakeSlack, client: WebClient) -> None:
    fake.add_channel("CTEAM", name="team", members=["U1"])
    parent = client.chat_postMessage(channel="CTEAM", text="parent")["ts"]
    client.chat_postMessage(channel="CTEAM", text="reply", thread_ts=parent)
    client.views_publish(user_id="U1", view={**modal("Home"), "type": "home"})
    upload = client.files_upload_v2(channel="CTEAM", content=b"\x89PNG", filename="c.png")
    saved = json.loads(json.dumps(fake.saved()))  # what the file on disk holds
    with FakeSlack() as again:
        again.restore(saved)
        assert again.messages("CTEAM", thread_ts=parent)[0]["text"] == "reply"
        assert again.message("CTEAM", parent)["reply_count"] == 1
        assert again.home("U1") == fake.home("U1")
        assert again.files()[0]["content"] == b"\x89PNG"
        assert upload["file"]["id"] == again.files()[0]["id"]
        later = WebClient(token="xoxb-test", base_url=again.base_url)
        updated = later.chat_update(channel="CTEAM", ts=parent, text="edited after a restart")
        assert updated["ok"]
        newer = later.chat_postMessage(channel="CTEAM", text="new")["ts"]
        assert float(newer) > float(parent)  # ts values go on, never repeat


def test_an_empty_restore_leaves_only_the_bot(fake: FakeSlack) -> None:
    fake.restore({})
    assert [u["id"] for u in fake.saved()["users"]] == ["UBOT"]


def test_a_response_url_edits_the_ephemeral_it_came_from(
    fake: FakeSlack, client: WebClient
) -> None:
    client.chat_postEphemeral(channel="CTEAM", user="U1", text="first")
    first = fake.ephemerals("U1")[0]
    url = fake.new_response_url("CTEAM", "U1", ephemeral_ts=first["ts"])
    WebhookClient(url).send(text="replaced", replace_original=True)
    assert [e["text"] for e in fake.ephemerals("U1")] == ["replaced"]
    WebhookClient(url).send_dict({"delete_original": True})
    assert fake.ephemerals("U1") == []


def test_submissions_close_update_push_and_refuse(fake: FakeSlack, client: WebClient) -> None:
    first = client.views_open(trigger_id=fake.new_trigger_id("U1"), view=modal("One"))["view"]
    assert fake.answer_submission("U1", first["id"], {}) == {}
    assert fake.open_views("U1") == []
    first = client.views_open(trigger_id=fake.new_trigger_id("U1"), view=modal("One"))["view"]
    errors = {"response_action": "errors", "errors": {"b": "Say more."}}
    assert fake.answer_submission("U1", first["id"], errors) == {"b": "Say more."}
    fake.answer_submission("U1", first["id"], {"response_action": "update", "view": modal("Two")})
    assert [v["view"]["title"]["text"] for v in fake.open_views("U1")] == ["Two"]
    fake.answer_submission("U1", first["id"], {"response_action": "push", "view": modal("Three")})
    stack = fake.open_views("U1")
    assert [v["view"]["title"]["text"] for v in stack] == ["Two", "Three"]
    assert stack[1]["view"]["previous_view_id"] == first["id"]
    fake.close_view("U1", stack[1]["id"])
    assert len(fake.open_views("U1")) == 1
    fake.answer_submission("U1", first["id"], {"response_action": "clear"})
    assert fake.open_views("U1") == []


def test_other_paths_go_to_a_mounted_page(fake: FakeSlack) -> None:
    def page(request: Request) -> Reply:
        return Reply(200, f"{request.section}/{request.name}".encode(), content_type="text/plain")

    fake.mount("", page)

    with urllib.request.urlopen(fake.root_url + "static/app.js", timeout=5) as reply:  # noqa: S310
        assert reply.read() == b"static/app.js"
    assert WebClient(token="xoxb-test", base_url=fake.base_url).auth_test()["ok"]
    with pytest.raises(ValueError, match="fake's own"):
        fake.mount("api", page)


def test_a_second_organisation_and_its_invitations_survive_a_restart(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.add_partner_user("UEXT1", name="Ana")
    channel = client.conversations_create(name="assess-tx")["channel"]["id"]
    client.conversations_inviteShared(channel=channel, emails=["ana@court.example"])
    saved = fake.saved()
    with FakeSlack() as again:
        again.restore(saved)
        assert again.team_of("UEXT1") == "T0PARTNER"
        assert [i["email"] for i in again.invites("pending")] == ["ana@court.example"]
        event = again.accept_invite("ana@court.example", user="UEXT1")
        assert event["accepting_user"]["team_id"] == "T0PARTNER"
