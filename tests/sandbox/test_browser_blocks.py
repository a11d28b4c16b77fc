"""Every Block Kit block and element, mrkdwn and files as the page draws them, arriving live.

The message is posted through the stand-in's Web API while the page is open, as the bot would.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox.runtime import Sandbox

pytestmark = pytest.mark.slow


def tiny_png() -> bytes:
    """A 2x2 green PNG, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x00\xa0\x60" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def text(kind: str, value: str) -> dict[str, Any]:
    return {"type": kind, "text": value}


def option(value: str) -> dict[str, Any]:
    return {"text": text("plain_text", value.title()), "value": value}


CONFIRM = {
    "title": text("plain_text", "Really?"),
    "text": text("mrkdwn", "This *cannot* be undone."),
    "confirm": text("plain_text", "Do it"),
    "deny": text("plain_text", "Keep it"),
    "style": "danger",
}
MRKDWN = (
    "*Bold* and _italic_ and ~gone~ and `code`, <https://example.org/x|a link>, <@UPOC>, "
    "<!here>\n• first item\n• second item\n> quoted\nTyped by a person: &lt;b&gt;hi&lt;/b&gt; "
    "&amp; &lt;!channel&gt;\n```line one\nline two```"
)
BLOCKS = [
    {"type": "header", "text": text("plain_text", "Every block")},
    {
        "type": "section",
        "block_id": "s1",
        "text": text("mrkdwn", MRKDWN),
        "accessory": {
            "type": "overflow",
            "action_id": "more",
            "options": [option("edit"), option("archive")],
        },
    },
    {
        "type": "section",
        "fields": [text("mrkdwn", "*Left*\none"), text("mrkdwn", "*Right*\ntwo")],
        "accessory": {
            "type": "static_select",
            "action_id": "pick",
            "placeholder": text("plain_text", "Pick one"),
            "options": [option("alpha"), option("beta")],
        },
    },
    {"type": "divider"},
    {
        "type": "image",
        "image_url": "https://example.org/chart.png",
        "alt_text": "progress chart",
    },
    {
        "type": "context",
        "elements": [text("mrkdwn", "context _note_"), text("plain_text", "plain *stays*")],
    },
    {
        "type": "actions",
        "block_id": "a1",
        "elements": [
            {
                "type": "button",
                "action_id": "go",
                "text": text("plain_text", "Go"),
                "style": "primary",
            },
            {
                "type": "button",
                "action_id": "drop",
                "text": text("plain_text", "Drop"),
                "style": "danger",
                "confirm": CONFIRM,
            },
            {"type": "users_select", "action_id": "who", "placeholder": text("plain_text", "Who")},
            {
                "type": "multi_static_select",
                "action_id": "many",
                "placeholder": text("plain_text", "Many"),
                "options": [option("x"), option("y")],
            },
            {"type": "datepicker", "action_id": "when", "initial_date": "2027-03-31"},
        ],
    },
]


def test_every_block_and_element_is_drawn(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(sandbox.url + "#UPOC")
    expect(page.locator("#persona")).to_have_value("UPOC")
    client = WebClient(token="xoxb-sandbox", base_url=sandbox.fake.base_url)
    client.chat_postMessage(channel="CSANDBOX", text="Every block", blocks=BLOCKS)
    client.files_upload_v2(
        channel="CSANDBOX", content="a,b\n1,2\n", filename="answers.csv", title="Answers"
    )
    client.files_upload_v2(channel="CSANDBOX", content=tiny_png(), filename="chart.png")
    message = page.locator("#messages .message", has_text="Every block")
    expect(message).to_be_visible(timeout=15_000)  # arrived live, no reload
    expect(message.locator("h3.block-header")).to_have_text("Every block")
    body = message.locator(".block-section").first
    expect(body.locator("b", has_text="Bold")).to_be_visible()
    expect(body.locator("i", has_text="italic")).to_be_visible()
    expect(body.locator("s", has_text="gone")).to_be_visible()
    expect(body.locator("code", has_text="code")).to_be_visible()
    expect(body.locator("a", has_text="a link")).to_have_attribute("href", "https://example.org/x")
    expect(body.locator(".mention", has_text="@Pat Rivera")).to_be_visible()
    expect(body.locator("li")).to_have_count(2)
    expect(body.locator("blockquote", has_text="quoted")).to_be_visible()
    expect(body.get_by_text("Typed by a person: <b>hi</b> & <!channel>")).to_be_visible()
    expect(body.locator("pre", has_text="line two")).to_be_visible()
    expect(message.locator(".fields .field")).to_have_count(2)
    expect(message.locator(".image-placeholder", has_text="progress chart")).to_be_visible()
    expect(message.locator(".block-context", has_text="plain *stays*")).to_be_visible()
    expect(message.locator(".btn-primary", has_text="Go")).to_be_visible()
    expect(message.locator("select[data-action=who] option", has_text="Alex Kim")).to_have_count(1)
    many = message.locator(".multi[data-action=many]")
    expect(many.locator("input.multi-search")).to_be_visible()
    expect(message.locator("input[type=date]")).to_have_value("2027-03-31")
    message.locator(".overflow-toggle").click()
    expect(message.locator(".overflow-item", has_text="Archive")).to_be_visible()
    shots(page, "every-block")
    message.locator(".overflow-toggle").click()
    message.locator(".btn-danger", has_text="Drop").click()
    dialog = page.locator("#confirm-layer .dialog")
    expect(dialog.get_by_role("heading", name="Really?")).to_be_visible()
    expect(dialog.locator("b", has_text="cannot")).to_be_visible()
    shots(page, "confirm-dialog")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    chart = page.locator("#messages img.file-image")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") == 2
    csv = page.locator("#messages .file-link", has_text="Answers")
    expect(csv).to_be_visible()
    with page.expect_download() as download:
        csv.click()
    assert download.value.suggested_filename == "answers.csv"

    page.click("#reset")
    with page.expect_response(lambda r: "/ui/reset" in r.url, timeout=60_000) as reset:
        page.locator("#confirm-layer").get_by_role("button", name="Reset").click()
    assert reset.value.json()["ok"] is True
    expect(page.locator("#messages .empty")).to_be_visible()


def test_a_person_is_added_and_can_be_invited(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    page.goto(sandbox.url + "#UPOC")
    expect(page.locator("#persona")).to_have_value("UPOC")
    page.click("#add-person")
    page.fill("#new-person-name", "Avery Stone")
    page.locator("#confirm-layer").get_by_role("button", name="Add").click()
    # Adding someone says so and leaves "You are" alone.
    expect(page.locator("#toast")).to_contain_text("Avery Stone joined the workspace")
    expect(page.locator("#persona")).to_have_value("UPOC")
    newcomer = page.locator("#persona option", has_text="Avery Stone").get_attribute("value")
    assert newcomer
    box = page.locator("#composer textarea")
    box.fill("/assess invite")
    box.press("Enter")
    modal = page.locator("#modal-layer .modal")
    expect(modal.get_by_role("heading", name="Invite people")).to_be_visible(timeout=15_000)
    # Multi-selects take type-ahead: type part of a name, pick it, it becomes a pill.
    people = modal.locator(".multi").first
    people.locator("input.multi-search").fill("aver")
    people.locator(".choices li", has_text="Avery Stone").click()
    expect(people.locator(".pill", has_text="Avery Stone")).to_be_visible()
    modal.locator("input[type=text]:not(.multi-search)").first.fill("Avery's shelter network")
    topics = modal.locator(".multi").nth(1)
    topics.locator("input.multi-search").fill("hous")
    topics.locator("input.multi-search").press("Enter")
    expect(topics.locator(".pill", has_text="Housing")).to_be_visible()
    shots(page, "invite-modal")
    modal.get_by_role("button", name="Invite").click()
    expect(modal).to_be_hidden(timeout=15_000)
    page.select_option("#persona", newcomer)
    page.wait_for_function(f"window.app.state.me === '{newcomer}'")
    messages_tab = page.locator("#apps a", has_text="Messages")
    expect(messages_tab.locator(".badge")).to_have_text("1")  # the invitation, unread
    messages_tab.click()
    expect(messages_tab.locator(".badge")).to_have_count(0)
    expect(page.locator("#messages").get_by_text("Avery's shelter network").first).to_be_visible()
    shots(page, "invitation")
