"""The page behaves as Slack does where a newcomer would notice: emoji drawn, links that work,
a permalink that opens its thread, pictures in a viewer, nothing typed lost, ephemerals that go
with a reload, times with their zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox.runtime import Sandbox
from tests.sandbox.test_browser_blocks import tiny_png

pytestmark = pytest.mark.slow


def _client(sandbox: Sandbox) -> WebClient:
    return WebClient(token="xoxb-sandbox", base_url=sandbox.fake.base_url)


def test_emoji_links_permalinks_pictures_and_times(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    page.goto(sandbox.url + "#UPOC")
    expect(page.locator("#persona")).to_have_value("UPOC")
    client = _client(sandbox)
    parent = client.chat_postMessage(channel="CSANDBOX", text=":eyes: Housing walk :new:")
    client.chat_postMessage(channel="CSANDBOX", text="First question", thread_ts=parent["ts"])
    link = f"https://slack.com/archives/CSANDBOX/p{parent['ts'].replace('.', '')}"
    client.chat_postMessage(
        channel="CSANDBOX",
        text=f"Your walk continues in its thread: {link} (or https://example.org)",
    )
    client.files_upload_v2(channel="CSANDBOX", content=tiny_png(), filename="chart.png")
    messages = page.locator("#messages")

    # Shortcodes become pictures, from the page's own font.
    walk = messages.locator(".message", has_text="Housing walk")
    expect(walk.locator(".emoji[title=':eyes:']")).to_have_count(1)
    expect(walk.locator(".emoji[title=':new:']")).to_have_count(1)
    expect(walk).not_to_contain_text(":eyes:")
    assert page.evaluate("document.fonts.check('16px \"Sandbox Emoji\"', '\\u{1F440}')")

    # Times carry their zone: Pat is in Chicago.
    expect(walk.locator(".time .zone")).to_have_text(re.compile(r"^C[SD]T$"))

    # A bare address is a link; a permalink opens its thread here, not at slack.com.
    expect(messages.locator("a[href='https://example.org']")).to_have_count(1)
    messages.locator("a.archive-link").click()
    expect(page.locator("#thread")).to_be_visible()
    expect(page.locator("#thread").get_by_text("First question")).to_be_visible()
    shots(page, "permalink-thread")

    # A picture opens in the viewer; Escape closes it.
    page.locator("#messages img.file-image").click()
    expect(page.locator("#viewer img")).to_be_visible()
    expect(page.locator("#viewer a", has_text="Download")).to_be_visible()
    shots(page, "picture-viewer")
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()


def test_nothing_typed_is_lost_and_ephemerals_go_with_a_reload(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    page.goto(sandbox.url + "#UPOC")
    expect(page.locator("#persona")).to_have_value("UPOC")
    box = page.locator("#composer textarea")

    # A command this workspace does not have: refused, and the text stays to be corrected.
    box.fill("/asess housing")
    box.press("Enter")
    expect(page.locator("#toast")).to_contain_text("not a command")
    expect(box).to_have_value("/asess housing")

    # The sandbox cannot be reached: the banner says so and the text stays.
    page.route("**/ui/send*", lambda route: route.abort())
    box.fill("/assess help")
    box.press("Enter")
    expect(page.locator("#offline")).to_be_visible()
    expect(box).to_have_value("/assess help")
    shots(page, "unreachable")
    page.unroute("**/ui/send*")

    # Sent now; the bot's answer is an ephemeral, which a reload drops as Slack does.
    box.press("Enter")
    expect(box).to_have_value("")
    expect(page.locator("#offline")).to_be_hidden()
    only_you = page.locator("#messages .message.ephemeral")
    expect(only_you.first).to_be_visible(timeout=15_000)
    assert sandbox.fake.ephemerals("UPOC")
    page.reload()
    expect(page.locator("#persona")).to_have_value("UPOC")
    expect(page.locator("#messages .empty, #messages .message").first).to_be_visible()
    expect(only_you).to_have_count(0)
