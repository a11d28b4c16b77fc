#!/usr/bin/env python3
"""The quick start: `python3 dev.py run` runs the bot, `python3 dev.py test` runs every check.

Standard library only, so it works on a fresh clone with nothing but Python 3.11+. Both commands
first make `.venv` and install the project into it; the install is skipped while pyproject.toml
is unchanged (its sha256 is kept in a stamp file inside the venv).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".assessbot-install.sha256"
HTTP_SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
USAGE = "usage: python3 dev.py run [sandbox options] | python3 dev.py test [pytest arguments]"


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3, before the venv
        return fail(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not argv or argv[0] not in ("run", "test"):
        return fail(USAGE)
    status = install()
    if status != 0:
        return status
    return run(argv[1:]) if argv[0] == "run" else test(argv[1:])


def fail(message: str) -> int:
    sys.stderr.write(message + "\n")
    return 2


def install() -> int:
    """Make the venv and install the project with its test extra, unless already done."""
    if not PYTHON.exists():
        say(f"Creating {VENV.relative_to(ROOT)} ...")
        try:
            venv.create(VENV, with_pip=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            return fail(f"cannot create {VENV}: {exc} (on Debian/Ubuntu: apt install python3-venv)")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return 0
    say("Installing the project and its test tools into .venv ...")
    status = call([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", ".[test]"])
    if status == 0:
        STAMP.write_text(wanted + "\n")
    return status


def run(args: list[str]) -> int:
    """Serve Slack with tokens; without them, the sandbox (`args` go to `python -m sandbox`)."""
    settings = {**dotenv(ROOT / ".env"), **os.environ}
    if all(settings.get(name) for name in HTTP_SETTINGS):
        return call([str(PYTHON), "-m", "bot", "serve"])
    return run_without_tokens(args)


def run_without_tokens(args: list[str]) -> int:
    """No Slack tokens: run the sandbox, the bot unchanged against a local Slack on 127.0.0.1."""
    say(
        "No SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET set (see README.md, 'Creating the Slack app'),"
        " so this is the sandbox: a small Slack workspace in your browser, on this machine only."
    )
    return call([str(PYTHON), "-m", "sandbox", *args])


def test(pytest_args: list[str]) -> int:
    """Lint, format check, type check, then the tests; stop at the first failure."""
    steps = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy")],
        # pytest exits 5 when no test ran; any non-zero status fails the run.
        [str(PYTHON), "-m", "pytest", *pytest_args],
    ]
    for step in steps:
        say("$ " + " ".join([Path(step[0]).name, *step[1:]]))
        status = call(step)
        if status != 0:
            return status
    return 0


def call(command: list[str]) -> int:
    try:
        return subprocess.call(command, cwd=ROOT)  # noqa: S603 - our own fixed commands
    except KeyboardInterrupt:
        return 130


def dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of .env, enough to tell whether a setting is there."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        if sep and key and not key.startswith("#"):
            values[key.strip()] = value.strip().strip("'\"")
    return values


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
