"""The sandbox console (`python -m sandbox --console`): a newcomer's session, typed line by line.

A `Typist` types the next line only when the console asks for it, so a line may depend on what
was shown so far (the number of a button, for one).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from sandbox.console.__main__ import main

Step = str | Callable[[str], str]
START = "2026-11-29T23:00Z"  # a Sunday: the cycle is due Sunday 20 December


class Typist(io.StringIO):
    def __init__(self, out: io.StringIO, steps: list[Step]) -> None:
        super().__init__()
        self.out, self.steps = out, iter(steps)

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        step = next(self.steps)
        return (step(self.out.getvalue()) if callable(step) else step) + "\n"


def press(label: str) -> Callable[[str], str]:
    """The number the console last showed for the button `label`."""

    def number(shown: str) -> str:
        found = re.findall(rf"\[(\d+)\] {re.escape(label)}", shown)
        assert found, f"no button {label!r} shown"
        return found[-1]

    return number


def session(folder: Path, steps: list[Step]) -> str:
    out = io.StringIO()
    db = f"sqlite:///{folder / 'sandbox.sqlite3'}"
    args = ["--database-url", db, "--start-at", START]
    assert main(args, Typist(out, [*steps, "quit"]), out) == 0
    return out.getvalue()


def test_a_walk_with_notes_typed_and_through_the_modal(tmp_path: Path) -> None:
    shown = session(
        tmp_path,
        [
            "/assess housing",
            press("Tier I: getting started"),
            "reply Voucher pilot <!channel> & co",
            press("Add notes"),
            "",
            "Funding to scale it",
            "as UCOMMITTEE",
            "/assess status",
        ],
    )
    assert "*HOU-1* · Housing · 1 of 8" in shown
    assert "*Tier I: getting started*, by @Pat Rivera" in shown
    # Shown as the bot sent it: the person's text escaped once, never turned into a mention.
    assert "*What the state does:* Voucher pilot &lt;!channel&gt; &amp; co" in shown
    assert "=== modal: Notes · HOU-2" in shown
    assert "*Resources that would help:* Funding to scale it" in shown
    assert "Committee members see every jurisdiction's progress" in shown


def test_a_button_keeps_its_number(tmp_path: Path) -> None:
    shown = session(tmp_path, ["/assess housing", press("Tier II: established practice")])
    first = re.search(r"\[(\d+)\] Add notes", shown)
    assert first is not None
    after = shown.split("bot updated in the thread")[1]
    assert f"[{first.group(1)}] Add notes" in after


def test_a_restart_continues_the_walk(tmp_path: Path) -> None:
    session(tmp_path, ["/assess housing", press("Tier II: established practice")])
    shown = session(tmp_path, ["/assess housing"])
    # The open question is already live in the thread: nothing new is posted, a link points there.
    assert "continues in its thread, where HOU-2 is the open question" in shown
    assert "*HOU-2* · Housing · 2 of 8" not in shown


def test_reply_goes_to_the_walk_not_to_the_last_message(tmp_path: Path) -> None:
    shown = session(
        tmp_path,
        [
            "/assess housing",
            "/assess invite",
            "UNYCW",  # people
            "County Sheriff",  # agency
            "6",  # topic areas
            "reply Shelter beds are funded",
        ],
    )
    assert "bot posted in a DM to @UNYCW" in shown or "=== modal: Invite people" in shown
    assert "*What the state does:* Shelter beds are funded" in shown


def test_a_refused_modal_prints_its_errors_and_cancel_closes_it(tmp_path: Path) -> None:
    shown = session(tmp_path, ["home", press("Away until…"), "2020-01-01", "cancel"])
    assert "The modal refused this:" in shown
    assert re.search(r"! Back on: .+", shown)
    assert "(modal closed)" in shown


def test_a_command_typed_in_a_modal_leaves_it(tmp_path: Path) -> None:
    shown = session(tmp_path, ["/assess invite", "as UAGENCY", "home"])
    assert "(modal closed)" in shown
    assert "You are now UAGENCY" in shown
    assert "App Home of @UAGENCY" in shown


def test_a_confirm_dialog_can_be_declined(tmp_path: Path) -> None:
    shown = session(tmp_path, ["home", press("Remove"), "n"])
    assert "? Remove this participant?" in shown
    assert "Cancelled; nothing was sent." in shown


def test_the_clock_moves_to_the_next_reminder(tmp_path: Path) -> None:
    shown = session(tmp_path, ["advance next-reminder"])
    assert re.search(r"The clock is now .+ UTC: reminder digests and escalations", shown)
    assert "--- bot posted in a DM to @UNYPOC ---\n  SELF-ASSESSMENT REMINDER · NEW YORK" in shown
    assert "SELF-ASSESSMENT PROGRESS, ALL JURISDICTIONS" in shown


def test_the_clock_moves_to_a_chosen_instant_and_only_forward(tmp_path: Path) -> None:
    shown = session(tmp_path, ["advance 2026-11-30T15:00Z", "advance 2026-11-30T14:00Z"])
    assert re.search(r"The clock is now Mon 30 Nov 2026 15:00 UTC: .*Committee status post", shown)
    assert "the sandbox clock only moves forward" in shown
