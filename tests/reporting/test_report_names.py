"""Reports written by the CLI name people: the names cache, else the name Slack gives
(`users.info`, looked up before writing), else the id with the agency beside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from tests.conftest import CliResult
from tests.reporting.world import small_world


def test_the_report_asks_slack_for_names_it_does_not_know(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    run_cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small_world(sessions, catalog)  # TX answered and led by UTXPOC, submitted by UPOC
    without = run_cli("report", "state", "TX")
    assert "**Point of contact:** UTXPOC" in without.out  # no token: the id stands in
    with FakeSlack() as fake:
        fake.add_user("UTXPOC", name="Dmitri Fitzgerald")
        fake.add_user("UPOC", name="Sam Submitter")
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_API_URL", fake.base_url)
        shown = run_cli("report", "state", "TX")
        asked = [c.args.get("user") for c in fake.calls("users.info")]
        national = run_cli("report", "national", "--format", "md")
        again = [c.args.get("user") for c in fake.calls("users.info")][len(asked) :]
    assert shown.code == 0, shown.err
    assert {"UTXPOC", "UPOC"} <= set(asked)
    assert "**Point of contact:** Dmitri Fitzgerald" in shown.out
    assert "by Sam Submitter" in shown.out and "UTXPOC" not in shown.out
    assert "Dmitri Fitzgerald" in national.out and "UTXPOC" not in national.out
    assert "UTXPOC" not in again  # a name once cached is not asked again
