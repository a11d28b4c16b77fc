"""The sandbox console: a newcomer walks a topic with no Slack workspace at all."""

from __future__ import annotations

import io
from pathlib import Path

from sandbox.run import main


def test_a_scripted_sandbox_session(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/assess housing",
            "2",  # Tier I on HOU-1
            "reply Voucher pilot <!channel>",
            "6",  # Add notes on HOU-2: a modal with two fields
            "",
            "Funding to scale it",
            "as UCALIF",
            "/assess housing",
            "as UCOMMITTEE",
            "/assess status",
            "quit",
        ]
    )
    out = io.StringIO()
    assert (
        main(
            ["--database-url", f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"],
            io.StringIO(script),
            out,
        )
        == 0
    )
    shown = out.getvalue()
    assert "*HOU-1* · Housing · 1 of 8" in shown
    assert "*Tier I: getting started*, by @UPOC" in shown
    assert "*What the state does:* Voucher pilot <!channel>" in shown
    assert "=== modal: Notes · HOU-2" in shown
    assert "*Resources that would help:* Funding to scale it" in shown
    assert "HOUSING · CA" in shown
    assert "Committee members see every jurisdiction's progress" in shown


def test_a_sandbox_invitation_through_the_modal_and_the_agency_home(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/assess invite",
            "UAGENCY",  # people (a users select)
            "County Sheriff",  # agency (text)
            "6,7",  # topic areas (a multi-select, by number)
            "",  # Alex already takes part: keep "add these topic areas to theirs"
            "as UAGENCY",
            "home",
            "quit",
        ]
    )
    out = io.StringIO()
    assert (
        main(
            ["--database-url", f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"],
            io.StringIO(script),
            out,
        )
        == 0
    )
    shown = out.getvalue()
    assert "=== modal: Invite people" in shown
    assert "bot posted in a DM to @UAGENCY" in shown and "You answer for *County Sheriff*" in shown
    assert (
        "*Law Enforcement and Prosecution* — 0 of 14 answered"
        in shown.split("App Home of @UAGENCY")[1]
    )
