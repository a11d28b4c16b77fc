"""The sandbox in a real browser, with a person of a second organisation: Texas's POC invites an
email, the invitation is accepted in the other organisation's Slack (the page's button), and that
person answers Housing in Texas's shared channel, without /assess or App Home.

Debian's chromium, driven by Playwright; screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from sandbox.runtime import Sandbox

pytestmark = pytest.mark.slow
EMAIL = "ana.ruiz@court.example"


def test_a_person_of_another_organisation_answers_in_the_shared_channel(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(sandbox.url + "#UPOC")
    expect(page.locator("#persona")).to_have_value("UPOC")

    # Texas's POC invites an address from another organisation in the /assess invite modal.
    page.locator("#composer textarea").fill("/assess invite")
    page.locator("#composer textarea").press("Enter")
    modal = page.locator("#modal-layer .modal")
    expect(modal.get_by_text("Email of someone from another organisation")).to_be_visible(
        timeout=15_000
    )
    modal.locator("[data-block=agency] input").fill("Travis County Court")
    modal.locator("[data-block=invite_email_1] input[type=email]").fill(EMAIL)
    shots(page, "invite-by-email")
    modal.get_by_role("button", name="Invite").click()
    expect(modal).to_be_hidden(timeout=15_000)
    expect(
        page.locator("#messages").get_by_text(re.compile("through Slack Connect"))
    ).to_be_visible(timeout=15_000)
    invitation = page.locator("#invitations li", has_text=EMAIL)
    expect(invitation).to_be_visible(timeout=15_000)
    shots(page, "invitation-pending")

    # In the other organisation's Slack, the person accepts; the page becomes them.
    invitation.get_by_role("button", name="Accept").click()
    page.wait_for_function("window.app.state && window.app.state.me.startsWith('UX')")
    expect(page.locator("#persona option:checked")).to_contain_text("Slack Connect")
    page.locator("#channels a", has_text="# assess-tx").click()
    welcome = page.locator("#messages .message").filter(has_text="Welcome")
    expect(welcome.first).to_be_visible(timeout=15_000)
    shots(page, "welcome-in-shared-channel")

    # /assess is not theirs, nor App Home: the page says so in one line.
    page.locator("#composer textarea").fill("/assess housing")
    page.locator("#composer textarea").press("Enter")
    expect(page.locator("#toast")).to_contain_text("no /assess and no App Home")
    expect(page.locator("#apps a", has_text="Home")).to_have_count(0)

    # They start Housing with the welcome's button and answer in the channel's thread.
    housing = welcome.locator(".block-section", has_text="Housing").first
    housing.get_by_role("button", name="Start").click()
    parent = page.locator("#messages .message").filter(has_text=re.compile(r"Housing · TX"))
    expect(parent.first).to_be_visible(timeout=15_000)
    parent.first.locator("a.replies").click()
    question = page.locator("#thread .message").filter(has_text=re.compile(r"HOU-1 · Housing"))
    expect(question).to_be_visible(timeout=15_000)
    question.get_by_role("button", name=re.compile(r"^Tier II")).click()
    expect(question.filter(has_text="by ")).to_be_visible(timeout=15_000)
    shots(page, "partner-answered")
    assert errors == []
