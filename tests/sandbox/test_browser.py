"""The sandbox in a real browser: the whole mission, as people click it, across a restart.

Debian's chromium, driven by Playwright; screenshots of each step go to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from bot.workflows.cycles import open_cycle
from bot.workflows.walk import answers
from sandbox.runtime import Sandbox

pytestmark = pytest.mark.slow
TIER_2 = re.compile(r"^Tier II")
TIER_1 = re.compile(r"^Tier I:")
NOT_YET = re.compile(r"^Not yet")


def answer_the_rest_of_texas(sandbox: Sandbox) -> None:
    """Every Texas recommendation outside Housing was answered earlier (by other people)."""
    deps = sandbox.deps()
    with deps.uow() as uow:
        cycle = open_cycle(uow.session)
        assert cycle is not None
        for rec in deps.catalog.recommendations:
            if rec.topic != "housing":
                answers.record(
                    uow.session,
                    cycle_id=cycle.id,
                    jurisdiction="TX",
                    rec_id=rec.id,
                    actor="UTXLAW",
                    agency="Texas Department of Public Safety",
                    source="walk",
                    now=deps.now(),
                    status="tier_1",
                )
        uow.commit()


class Person:
    """One persona at the page: what they type and click."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def become(self, user: str) -> None:
        self.page.select_option("#persona", user)
        self.page.wait_for_function(f"window.app.state && window.app.state.me === '{user}'")

    def open_channel(self, name: str) -> None:
        self.page.locator("#channels a", has_text=f"# {name}").click()

    def type(self, text: str) -> None:
        box = self.page.locator("#composer textarea")
        box.fill(text)
        box.press("Enter")

    def answer(self, rec_id: str, label: re.Pattern[str]) -> None:
        message = self.page.locator("#thread .message").filter(
            has_text=re.compile(rf"{rec_id} · Housing")
        )
        message.get_by_role("button", name=label).click()
        self.expect_text(message, "by ")

    def expect_text(self, where: Any, text: str | re.Pattern[str]) -> None:
        from playwright.sync_api import expect

        expect(where.filter(has_text=text).first).to_be_visible(timeout=15_000)

    def modal(self) -> Any:
        return self.page.locator("#modal-layer .modal")


def test_the_whole_mission_in_the_browser(
    running: Callable[[], Sandbox], page: Any, shots: Callable[[Any, str], None]
) -> None:
    from playwright.sync_api import expect

    sandbox = running()
    answer_the_rest_of_texas(sandbox)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sandbox.url + "#UPOC")
    pat = Person(page)
    expect(page.locator("#persona")).to_have_value("UPOC")

    # Texas's POC starts Housing with the composer's completion, and answers three by clicking.
    page.locator("#composer textarea").fill("/assess hou")
    expect(page.locator("#composer .suggest li", has_text="/assess housing")).to_be_visible()
    shots(page, "completion")
    page.locator("#composer .suggest li", has_text="/assess housing").click()
    page.locator("#composer textarea").press("Enter")
    thread = page.locator("#thread")
    expect(thread.get_by_text(re.compile(r"HOU-1 · Housing · 1 of 8"))).to_be_visible(
        timeout=15_000
    )
    pat.answer("HOU-1", TIER_2)
    pat.answer("HOU-2", TIER_1)
    pat.answer("HOU-3", NOT_YET)
    shots(page, "three-answers")

    # Notes through the modal; what was typed shows exactly as typed, never as markup.
    hou4 = page.locator("#thread .message").filter(has_text=re.compile(r"HOU-4 · Housing"))
    hou4.get_by_role("button", name="Add notes").click()
    expect(pat.modal().get_by_role("heading", name="Notes · HOU-4")).to_be_visible()
    pat.modal().locator("textarea").first.fill("Voucher pilot <b>bold?</b> & <!channel>")
    pat.modal().locator("textarea").nth(1).fill("Funding to scale it")
    shots(page, "notes-modal")
    pat.modal().get_by_role("button", name="Save").click()
    expect(pat.modal()).to_be_hidden()
    expect(hou4.get_by_text("Voucher pilot <b>bold?</b> & <!channel>")).to_be_visible()
    expect(hou4.locator(".mention", has_text="channel")).to_have_count(0)
    shots(page, "notes-saved")

    # A refused modal shows its error under the field: "away until" a date in the past.
    page.locator("#apps a", has_text="Home").click()
    home = page.locator("#messages .home")
    expect(home.get_by_text(re.compile(r"Housing — 3 of 8"))).to_be_visible(timeout=15_000)
    shots(page, "poc-home-progress")
    home.get_by_role("button", name="Away until…").click()
    pat.modal().locator("input[type=date]").fill("2020-01-01")
    pat.modal().get_by_role("button", name=re.compile("Save|Set|OK")).click()
    expect(pat.modal().locator(".input-error")).to_be_visible()
    shots(page, "refused-modal")
    pat.modal().get_by_role("button", name="Cancel").click()
    expect(pat.modal()).to_be_hidden()

    # The housing agency answers the rest of its topic in its own walk.
    pat.become("UAGENCY")
    pat.open_channel("general")
    pat.type("/assess housing")
    for rec in ("HOU-4", "HOU-5", "HOU-6", "HOU-7", "HOU-8"):
        expect(page.locator("#thread").get_by_text(re.compile(rf"{rec} · Housing"))).to_be_visible(
            timeout=15_000
        )
        pat.answer(rec, TIER_1)
    shots(page, "agency-answered")

    # The POC submits through the confirmation modal, which the command opens at once.
    pat.become("UPOC")
    pat.type("/assess submit")
    expect(pat.modal()).to_be_visible(timeout=15_000)
    shots(page, "submit-confirmation")
    pat.modal().get_by_role("button", name=re.compile("Submit")).click()
    expect(pat.modal()).to_be_hidden(timeout=15_000)
    expect(
        page.locator("#messages").get_by_text(re.compile("submitted", re.I)).first
    ).to_be_visible(timeout=15_000)
    shots(page, "submitted")

    # A Committee member moves the clock: the status post comes to the Committee channel and
    # the states that have not submitted get their reminder digests.
    pat.become("UCOMMITTEE")
    pat.open_channel("nac-committee")
    committee = page.locator("#messages")
    expect(committee.get_by_text(re.compile("TX", re.I)).first).to_be_visible()
    page.click("#next-digest")
    expect(page.locator("#toast")).to_contain_text("reminder digests", timeout=60_000)
    # The jump from Sunday night to Friday passed Monday 09:00 in New York: the status post
    # went out then, dated Monday, not at the end of the jump.
    status = committee.locator(".message", has_text="Self-assessment progress")
    expect(status.first).to_be_visible()
    expect(status.first.locator(".time")).to_contain_text("Nov 30, 2:00 PM UTC")
    expect(committee.get_by_text(re.compile(r"1 of 56")).first).to_be_visible()
    shots(page, "status-post")
    # A jump over Friday brings California its digest at its own 09:00.
    page.click("#next-monday")
    expect(page.locator("#toast")).to_contain_text("Committee status post", timeout=60_000)
    pat.become("UCALIF")
    page.locator("#apps a", has_text="Messages").click()
    california = page.locator(
        "#messages .message", has_text=re.compile(r"reminder · (CA|California)")
    )
    expect(california.first.locator(".time")).to_contain_text("Dec 4, 9:00 AM PST")
    shots(page, "california-digest")
    pat.become("UNYPOC")
    page.locator("#apps a", has_text="Messages").click()
    expect(
        page.locator("#messages").get_by_text(
            re.compile(r"Self-assessment reminder · (NY|New York)")
        )
    ).to_be_visible()
    shots(page, "digest")

    # California starts a walk; the sandbox restarts; the walk goes on in the same thread.
    pat.become("UCALIF")
    pat.open_channel("general")
    pat.type("/assess housing")
    pat.answer("HOU-1", TIER_1)
    sandbox.stop()
    sandbox = running()
    page.goto(sandbox.url + "#UCALIF")
    expect(page.locator("#persona")).to_have_value("UCALIF")
    page.locator("#messages .message", has_text="Housing · CA").get_by_text("replies").click()
    pat.answer("HOU-2", NOT_YET)
    expect(page.locator("#thread").get_by_text(re.compile(r"HOU-3 · Housing"))).to_be_visible()
    shots(page, "after-restart")
    assert errors == []
    assert [url for url in requested if not url.startswith("http://127.0.0.1:")] == []
