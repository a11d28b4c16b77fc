"""The operator CLI: exit codes, and one line on stderr for every mistake, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.files import replacing
from bot.settings import DEFAULT_CATALOG
from sandbox.slack import FakeSlack
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
COMMANDS = [
    [],
    ["serve"],
    ["socket"],
    ["clock"],
    ["db"],
    ["db", "upgrade"],
    ["catalog"],
    ["catalog", "check"],
    ["catalog", "import"],
    ["import-contacts"],
    ["cycle"],
    ["cycle", "create"],
    ["cycle", "list"],
    ["cycle", "close"],
    ["cycle", "deadline"],
    ["export"],
    ["export", "answers"],
]


def one_line(result: CliResult, code: int = 2) -> str:
    assert result.code == code, result
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    return result.err


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(run_cli: Cli, command: list[str]) -> None:
    result = run_cli(*command, "--help")

    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("usage: ")


def test_unknown_command_is_one_line(run_cli: Cli) -> None:
    err = one_line(run_cli("frobnicate"))
    assert "invalid choice: 'frobnicate'" in err


def test_missing_subcommand_is_one_line(run_cli: Cli) -> None:
    assert "required: COMMAND" in one_line(run_cli("cycle"))


def test_bad_deadline_is_one_line(run_cli: Cli) -> None:
    err = one_line(run_cli("cycle", "create", "2027", "--deadline", "2027-02-30"))
    assert "argument --deadline: '2027-02-30' is not a date; use YYYY-MM-DD" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["import-contacts", "nowhere.csv"],
        ["catalog", "check", "nowhere.json"],
        ["catalog", "import", "nowhere.csv", "--output", "out.json"],
    ],
)
def test_missing_file_is_one_line(run_cli: Cli, argv: list[str]) -> None:
    err = one_line(run_cli(*argv))
    assert "nowhere." in err
    assert "not found" in err


def test_cycle_lifecycle(run_cli: Cli) -> None:
    assert run_cli("cycle", "list").out.startswith("No cycles yet.")
    created = run_cli("cycle", "create", "2027  State Self-Assessment", "--deadline", "2099-03-31")
    assert (created.code, created.err) == (0, "")
    assert created.out == "Opened cycle “2027 State Self-Assessment”, due 2099-03-31.\n"

    again = one_line(run_cli("cycle", "create", "2028", "--deadline", "2099-03-31"))
    assert "“2027 State Self-Assessment” is still open" in again

    assert run_cli("cycle", "deadline", "2099-04-15").code == 0
    assert run_cli("cycle", "close").out == "Closed cycle “2027 State Self-Assessment”.\n"
    assert "No assessment cycle is open" in one_line(run_cli("cycle", "close"))
    assert run_cli("cycle", "list").out == "2027 State Self-Assessment  due 2099-04-15  closed\n"

    same_name = run_cli("cycle", "create", "2027 State Self-Assessment", "--deadline", "2099-1-1")
    assert "is not a date" in one_line(same_name)


def test_cli_shows_what_was_typed_plain_not_in_slack_markup(run_cli: Cli) -> None:
    """The refusal names the open cycle as typed: Slack escapes it, the terminal must not."""
    name = "Q1 <pilot> & review"
    assert run_cli("cycle", "create", name, "--deadline", "2099-03-31").code == 0

    again = one_line(run_cli("cycle", "create", "2028", "--deadline", "2099-03-31"))
    assert f"Cycle “{name}” is still open; close it first." in again
    assert "&amp;" not in again and "&lt;" not in again


def test_a_past_deadline_is_refused_unless_allow_past(run_cli: Cli) -> None:
    refused = one_line(run_cli("cycle", "create", "2020", "--deadline", "2020-03-31"))
    assert "the deadline 2020-03-31 is in the past" in refused and "--allow-past" in refused
    assert "No cycles yet" in run_cli("cycle", "list").out
    result = run_cli("cycle", "create", "2020", "--deadline", "2020-03-31", "--allow-past")
    assert result.code == 0
    assert result.err == "warning: the deadline 2020-03-31 is in the past\n"
    moved = one_line(run_cli("cycle", "deadline", "2020-01-01"))
    assert "2020-01-01 is in the past" in moved
    assert "due 2020-03-31" in run_cli("cycle", "list").out
    assert run_cli("cycle", "deadline", "2020-01-01", "--allow-past").code == 0
    assert "due 2020-01-01" in run_cli("cycle", "list").out


def test_serve_names_each_missing_setting_and_where_to_get_it(run_cli: Cli) -> None:
    result = run_cli("serve", "--port", "0")

    assert (result.code, result.out) == (2, "")
    lines = result.err.splitlines()
    assert [line.split()[0] for line in lines] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
    assert "OAuth & Permissions" in lines[0]
    assert "Signing Secret" in lines[1]


def test_socket_needs_the_app_token(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    err = one_line(run_cli("socket"))
    assert err.startswith("SLACK_APP_TOKEN is not set")
    assert "connections:write" in err


def test_bad_setting_is_one_line(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_TZ", "Mars/Olympus_Mons")
    err = one_line(run_cli("cycle", "list"))
    assert err.startswith("DEFAULT_TZ: unknown IANA time zone 'Mars/Olympus_Mons'")


def test_bad_port_variable_is_one_line(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    assert "'eighty' is not a port number" in one_line(run_cli("serve"))


def test_unreachable_database_is_a_runtime_failure(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:9/none")
    err = one_line(run_cli("cycle", "list"), code=1)
    assert err.startswith("database error at postgresql+psycopg://nobody:***@127.0.0.1:9/none")
    assert "secret" not in err


def test_replacing_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    target.write_text("old", encoding="utf-8")

    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]
    with replacing(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"


def test_serve_stops_when_slack_rejects_the_token(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeSlack() as fake:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-bot-token")
        monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
        monkeypatch.setenv("SLACK_API_URL", fake.base_url)
        err = one_line(run_cli("serve", "--port", "0"))
        assert len(fake.calls("auth.test")) == 1

    assert err.startswith("Slack rejected SLACK_BOT_TOKEN (invalid_auth); copy it again from")


def test_serve_says_when_slack_is_unreachable(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")

    err = one_line(run_cli("serve", "--port", "0"), code=1)
    assert err.startswith("cannot reach Slack at http://127.0.0.1:9/api/")


def test_serve_stops_on_a_broken_catalog_before_touching_the_database(
    run_cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:

    raw = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    raw["recommendations"][7]["text"] = ""
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    unused = tmp_path / "never.sqlite3"
    for name, value in (
        ("CATALOG_PATH", str(broken)),
        ("SLACK_BOT_TOKEN", "xoxb-x"),
        ("SLACK_SIGNING_SECRET", "s"),
        ("DATABASE_URL", f"sqlite:///{unused}"),
    ):
        monkeypatch.setenv(name, value)
    result = run_cli("serve", "--port", "3999")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"{broken}: recommendations[7] (MDR-8).text: String should have at least 1 character"
    ]
    assert not unused.exists()
