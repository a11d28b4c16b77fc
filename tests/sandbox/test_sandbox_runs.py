"""Starting over and operator commands: `--reset`, the page's Reset, `python -m sandbox cli`."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

from sandbox.__main__ import main
from sandbox.runtime import Sandbox
from tests.sandbox.conftest import ROOT
from tests.sandbox.test_console import START, Typist, press


def console(folder: Path, steps: list[str | Callable[[str], str]], *extra: str) -> str:
    out = io.StringIO()
    db = f"sqlite:///{folder / 'sandbox.sqlite3'}"
    args = ["--console", "--port", "0", "--database-url", db, "--start-at", START, *extra]
    assert main(args, Typist(out, [*steps, "quit"]), out) == 0
    return out.getvalue()


def test_reset_starts_over(tmp_path: Path) -> None:
    console(tmp_path, ["/assess housing", press("Tier II: established practice")])
    assert (tmp_path / "sandbox.slack.json").exists()
    shown = console(tmp_path, ["/assess housing"], "--reset")
    assert "Sandbox reset" in shown
    assert "continues in its thread" not in shown
    assert "*HOU-1* · Housing · 1 of 8" in shown


def test_the_page_resets_the_sandbox(running: Callable[[], Sandbox]) -> None:
    sandbox = running()
    assert sandbox.driver is not None
    sandbox.driver.command("UPOC", "housing", channel="CSANDBOX")
    assert sandbox.fake.messages("CSANDBOX")
    request = urllib.request.Request(  # noqa: S310 - the sandbox on loopback
        sandbox.url + "ui/reset?user=UPOC",
        data=b"{}",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
        answer = json.loads(reply.read())
    assert answer["ok"] is True
    assert answer["state"]["messages"]["CSANDBOX"] == []
    assert [p["id"] for p in answer["state"]["people"]][:2] == ["UPOC", "UAGENCY"]


def test_operator_commands_reach_the_sandbox_database(tmp_path: Path) -> None:
    console(tmp_path, ["/assess housing", press("Tier II: established practice")])
    env = {**os.environ, "SANDBOX_DATABASE_URL": f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "cli", "export", "answers", "--jurisdiction", "TX"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("TX,") and "HOU-1" in line]
    assert rows and ",tier_2," in rows[0]


def test_python_m_sandbox_prints_its_address_and_saves_on_sigterm(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'sandbox.sqlite3'}"
    process = subprocess.Popen(  # noqa: S603 - our own entry point
        [sys.executable, "-m", "sandbox", "--port", "0", "--database-url", db],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        address = first.split("open ", 1)[1].split(" ", 1)[0]
        assert address.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(address, timeout=10) as reply:  # noqa: S310 - loopback
            assert b"Sandbox" in reply.read()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    saved = json.loads((tmp_path / "sandbox.slack.json").read_text())
    assert "UPOC" in {u["id"] for u in saved["workspace"]["users"]}
