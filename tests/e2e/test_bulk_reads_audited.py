"""Every bulk read is in the audit log, with who, what, its scope and how many rows: exports and
reports from Slack (commands and the Committee's buttons) and from the command line (`export`,
`report`, `adoption`, in every format); the Committee's App Home lists the newest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import AuditEvent
from tests.conftest import CliResult
from tests.e2e.test_committee import answered, last, patient
from tests.slack_driver import SlackDriver, text_of

__all__ = ["answered", "patient"]  # fixtures shared with the Committee's tests


def logged(db: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    with db() as session:
        rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(r.actor, r.action, r.scope) for r in rows]


def test_exports_and_reports_from_slack_are_audited_and_shown_on_the_committee_home(
    answered: None, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    slack.command("UCOM", "export")
    slack.command("UPOC", "export history")
    slack.command("UCOM", "committee")
    overview = last(fake, "UCOM")
    slack.click("UCOM", overview, ids.COMMITTEE_EXPORT, ephemeral=True)
    slack.click("UCOM", overview, ids.COMMITTEE_NATIONAL, ephemeral=True)

    found = logged(db)
    assert [(actor, action) for actor, action, _ in found] == [
        ("UCOM", "export"),
        ("UPOC", "export"),
        ("UCOM", "export"),
        ("UCOM", "report"),
    ]
    assert found[0][2].startswith("answers, every jurisdiction, cycle '")
    assert found[0][2].endswith(f"csv+xlsx, {56 * 127} rows")
    assert found[1][2].startswith("answer history, TX, cycle '")
    assert "national report (1 jurisdictions, submitted assessments only)" in found[3][2]
    slack.open_home("UCOM")
    home = text_of(fake.home("UCOM") or {})
    assert "<@UPOC> · *export* · answer history, TX" in home
    assert "<@UCOM> · *report* · national report" in home


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "answers"],
        ["export", "answers", "--format", "json", "--jurisdiction", "TX"],
        ["export", "answers", "--history"],
        ["report", "state", "TX"],
        ["report", "national", "--format", "md"],
        ["report", "all", "--output", "{dir}/reports"],
        ["adoption"],
        ["adoption", "--format", "csv"],
        ["adoption", "--format", "json"],
        ["adoption", "--format", "xlsx", "--out", "{dir}/adoption.xlsx"],
    ],
)
def test_every_bulk_read_on_the_command_line_is_audited(
    answered: None,
    db: sessionmaker[Session],
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    argv: list[str],
) -> None:
    result = run_cli(*(a.format(dir=tmp_path) for a in argv))

    assert result.code == 0, result.err
    [(actor, action, scope)] = logged(db)
    assert actor.startswith("operator:")
    assert action == ("export" if argv[0] == "export" else "report")
    assert any(word in scope for word in ("rows", "jurisdictions", "answered", "files")), scope
