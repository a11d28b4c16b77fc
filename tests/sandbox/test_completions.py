"""The sandbox's composer offers each person only the `/assess` commands their role may use."""

from __future__ import annotations

from collections.abc import Callable

from sandbox.runtime import Sandbox
from sandbox.web.view_model import state_for


def test_the_composer_offers_each_role_its_own_commands(
    running: Callable[[], Sandbox],
) -> None:
    sandbox = running()
    poc = state_for(sandbox, "UPOC")["completions"]
    assert "submit" in poc and "invite" in poc and "housing" in poc
    assert "admin" not in poc and "reopen TX" not in poc
    committee = state_for(sandbox, "UCOMMITTEE")["completions"]
    assert "admin" in committee and "reopen TX" in committee and "committee" in committee
    assert "submit" not in committee and "housing" not in committee
    assert state_for(sandbox, "USTRANGER")["completions"] == ["help", "status"]
