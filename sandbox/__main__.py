"""`python -m sandbox`: the whole mission on this machine, with no Slack workspace.

Starts on 127.0.0.1 the stand-in for Slack, the bot unchanged behind its HTTP endpoint, the
clock and a demo database, then serves a small Slack-like workspace in the browser (or, with
--console, in this terminal). `python -m sandbox cli …` runs an operator command against it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from typing import TextIO

from bot.cli.run import instant
from sandbox import demo
from sandbox.runtime import Sandbox, state_path_for
from sandbox.web.routes import Web

DEFAULT_DB = "sqlite:///sandbox.sqlite3"
DEFAULT_PORT = 3000


def main(argv: list[str] | None = None, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["cli"]:
        return operator_command(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="default 3000; 0 = any")
    parser.add_argument("--console", action="store_true", help="the terminal interface instead")
    parser.add_argument("--reset", action="store_true", help="start over with the demo data")
    parser.add_argument("--database-url", default=DEFAULT_DB, help=f"default {DEFAULT_DB}")
    parser.add_argument(
        "--start-at",
        type=instant,
        metavar="ISO",
        help="where a new or reset sandbox's clock starts, e.g. 2027-03-01T15:00Z",
    )
    args = parser.parse_args(argv)
    if args.reset:
        reset_files(args.database_url)
        out.write("Sandbox reset: the demo workspace starts over.\n")
    sandbox = Sandbox(args.database_url, start_at=args.start_at)
    sandbox.fake.mount("", Web(sandbox).dispatch)
    try:
        sandbox.start(port=args.port)
    except OSError as exc:
        out.write(f"Cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); try --port 0.\n")
        return 1
    try:
        if args.console:
            from sandbox.console.session import run_console

            run_console(sandbox, stdin, out)
        else:
            serve_page(sandbox, out)
    finally:
        sandbox.stop()
    return 0


def serve_page(sandbox: Sandbox, out: TextIO) -> None:
    stopped = threading.Event()
    # Platforms and `kill` stop with SIGTERM: stop as after Ctrl-C, so the workspace is saved.
    # Installed before the address is printed: whoever read it may stop us at once.
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    out.write(
        f"Sandbox workspace: open {sandbox.url} in a browser.\n"
        "Nothing leaves this machine. Ctrl-C stops it; `python -m sandbox` continues later.\n"
    )
    out.flush()
    with contextlib.suppress(KeyboardInterrupt):
        stopped.wait()


def reset_files(database_url: str) -> None:
    demo.wipe_database(database_url)
    with contextlib.suppress(FileNotFoundError):
        state_path_for(database_url).unlink()


def operator_command(argv: list[str]) -> int:
    """`python -m bot …` with the sandbox's database, and its stand-in when one is running."""
    from bot.__main__ import main as bot_main

    port = os.environ.get("SANDBOX_PORT", str(DEFAULT_PORT))
    os.environ.update(
        DATABASE_URL=os.environ.get("SANDBOX_DATABASE_URL", DEFAULT_DB),
        SLACK_BOT_TOKEN="xoxb-sandbox",  # noqa: S106 - the stand-in's token, not a secret
        SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
        COMMITTEE_CHANNEL=demo.COMMITTEE_CHANNEL,
    )
    return bot_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
