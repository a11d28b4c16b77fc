"""Every export names people, never Slack ids: the CLI's CSV and JSON, answers and history, and
`/assess export [history]`'s CSV and XLSX. The id stands in, with the agency beside it, only
for someone neither the names cache nor Slack can name."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.workflows.people import names
from sandbox.slack import FakeSlack
from store.models import Cycle
from tests.clock import Clock
from tests.conftest import CliResult
from tests.reporting.world import record
from tests.slack_driver import SlackDriver

SLACK_ID = re.compile(r"\bU[A-Z0-9]{6,}\b")  # the shape of a Slack user id
CACHED, SLACK_ONLY, NOBODY = "U07DANA001", "U07ROSA001", "U07GHOST01"
NAMES = {CACHED: "Dana Whitfield", SLACK_ONLY: "Rosa Alvarez", NOBODY: "Lee Park"}
HOUSING, DSS = "TX Housing Authority", "CA Social Services"


@pytest.fixture(autouse=True)
def patient(slack: SlackDriver) -> None:
    """The export files are built after the ack; a busy machine takes longer than usual."""
    slack.wait = lambda: slack.bot.wait_idle(120)


@pytest.fixture
def answered(texas: None, db: sessionmaker[Session], clock: Clock) -> None:
    """TX HOU-1 answered by one person and changed by another; CA's MDR-1 by a third."""
    with db() as s, s.begin():
        cycle_id = s.scalars(select(Cycle.id)).one()
        record(s, cycle_id, "TX", "HOU-1", "tier_1", by=CACHED, agency=HOUSING, now=clock.now)
        later = clock.now + timedelta(minutes=5)
        record(s, cycle_id, "TX", "HOU-1", "tier_2", by=SLACK_ONLY, agency=HOUSING, now=later)
        record(s, cycle_id, "CA", "MDR-1", "not_yet", by=NOBODY, agency=DSS, now=clock.now)


def cache(db: sessionmaker[Session], clock: Clock, *users: str) -> None:
    with db() as s, s.begin():
        names.remember(s, {u: NAMES[u] for u in users}, now=clock.now)


def xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def from_slack(slack: SlackDriver, fake: FakeSlack) -> dict[str, str]:
    """`/assess export` and `/assess export history` as the Committee: every file's text."""
    slack.command("UCOM", "export")
    slack.command("UCOM", "export history")
    files = {f["filename"]: f["content"] for f in fake.files()}
    assert len(files) == 4, sorted(files)
    return {
        name: xlsx_text(content) if name.endswith(".xlsx") else content.decode("utf-8")
        for name, content in files.items()
    }


def from_cli(run_cli: Callable[..., CliResult]) -> dict[str, str]:
    found = {}
    for fmt in ("csv", "json"):
        for history in ((), ("--history",)):
            result = run_cli("export", "answers", "--format", fmt, *history)
            assert result.code == 0, result.err
            found[f"cli {fmt} {' '.join(history)}"] = result.out
    return found


def test_with_every_name_cached_no_export_holds_a_slack_id(
    answered: None,
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    clock: Clock,
    run_cli: Callable[..., CliResult],
) -> None:
    cache(db, clock, CACHED, SLACK_ONLY, NOBODY)

    files = {**from_slack(slack, fake), **from_cli(run_cli)}

    assert len(files) == 8
    for name, text in files.items():
        assert SLACK_ID.findall(text) == [], name
        assert "Rosa Alvarez" in text and "Lee Park" in text, name
    for name in ("cli csv --history", "changes-2027-State-Self-Assessment.xlsx"):
        assert "Dana Whitfield" in files[name], name  # who gave the answer changed since


@pytest.mark.parametrize("first", ["slack", "cli"])
def test_slack_names_whom_the_cache_does_not_and_the_id_stands_in_only_for_nobody(
    answered: None,
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    clock: Clock,
    run_cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    first: str,
) -> None:
    cache(db, clock, CACHED)
    fake.add_user(SLACK_ONLY, name=NAMES[SLACK_ONLY])  # NOBODY is unknown to Slack too
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake.base_url)

    if first == "slack":
        files = {**from_slack(slack, fake), **from_cli(run_cli)}
    else:
        files = {**from_cli(run_cli), **from_slack(slack, fake)}

    assert SLACK_ONLY in [c.args.get("user") for c in fake.calls("users.info")]
    for name, text in files.items():
        assert "Rosa Alvarez" in text, name
        assert set(SLACK_ID.findall(text)) <= {NOBODY}, name
        # The last resort: the id with the agency, and never the id alone.
        assert text.count(NOBODY) == text.count(f"{NOBODY} ({DSS})"), name
    for name in ("cli csv ", "cli json --history", "answers-2027-State-Self-Assessment.csv"):
        assert f"{NOBODY} ({DSS})" in files[name], name
