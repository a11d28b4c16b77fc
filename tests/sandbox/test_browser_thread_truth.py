"""In the browser, a walk's thread tells one truth: a repeated `/assess housing` posts no copy
and links into the thread, a re-asked recommendation retires its earlier copy, Back leaves no
live buttons behind, and the topic message's progress follows after a pause."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from sandbox.runtime import Sandbox
from tests.sandbox.test_browser import TIER_1, TIER_2, Person

pytestmark = pytest.mark.slow


def live(page: Any, rec: str) -> Any:
    """The copies of `rec` in the open thread that still offer answer buttons."""
    return (
        page.locator("#thread .message")
        .filter(has_text=re.compile(rf"{rec} · Housing"))
        .filter(has=page.get_by_role("button", name=TIER_2))
    )


def test_one_live_question_per_recommendation_and_progress_after_a_pause(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    page.goto(sandbox.url + "#UPOC")
    pat = Person(page)
    expect(page.locator("#persona")).to_have_value("UPOC")
    pat.type("/assess housing")
    expect(page.locator("#thread").get_by_text(re.compile(r"HOU-1 · Housing"))).to_be_visible(
        timeout=15_000
    )
    pat.answer("HOU-1", TIER_2)
    pat.answer("HOU-2", TIER_1)

    # Twice more: nothing new in the thread, a private line with a link that opens it.
    for _ in range(2):
        pat.type("/assess housing")
    link = page.locator("#messages .message.ephemeral a.archive-link").last
    expect(link).to_be_visible(timeout=15_000)
    expect(live(page, "HOU-3")).to_have_count(1)
    page.locator("#thread-close").click()
    expect(page.locator("#thread")).to_be_hidden()
    link.click()
    expect(live(page, "HOU-3")).to_have_count(1)
    shots(page, "repeat-links-into-thread")

    # Re-asking HOU-1: its earlier copy says so and offers nothing; one HOU-1 shows an answer.
    pat.type("/assess housing HOU-1")
    expect(page.locator("#thread").get_by_text("Asked again further down")).to_be_visible(
        timeout=15_000
    )
    expect(live(page, "HOU-1")).to_have_count(1)
    live(page, "HOU-1").get_by_role("button", name=TIER_1).click()
    expect(live(page, "HOU-1")).to_have_count(0)
    expect(live(page, "HOU-3")).to_have_count(1)

    # Back from HOU-3: the question left behind keeps no buttons; HOU-2 is asked anew, once.
    live(page, "HOU-3").get_by_role("button", name="Back").click()
    expect(live(page, "HOU-2")).to_have_count(1)
    expect(live(page, "HOU-3")).to_have_count(0)
    shots(page, "one-live-question")

    # A pause in clicking: the topic message's progress follows (the clock jumps a minute).
    parent = page.locator("#messages .message", has_text="Housing · TX").first
    expect(parent).to_contain_text("0 of 8")
    sandbox.advance_to(sandbox.clock.now() + timedelta(minutes=1))
    expect(parent).to_contain_text("2 of 8", timeout=15_000)
    shots(page, "progress-after-pause")
