"""`python -m sandbox.slack`: the stand-in for Slack's Web API alone, to try a client against it."""

from __future__ import annotations

import argparse
import contextlib
import threading

from sandbox.slack.stand_in import FakeSlack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.slack", description="Run the fake Slack Web API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rate-limit", action="store_true", help="1 post/s/channel, burst 2")
    parser.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="ID[:NAME[:TZ[:EMAIL]]]",
        help="add a workspace member (repeatable)",
    )
    options = parser.parse_args(argv)
    fake = FakeSlack(rate_limit=options.rate_limit)
    for spec in options.user:
        user_id, name, tz, email = ([*spec.split(":", 3), "", "", ""])[:4]
        fake.add_user(user_id, name=name or None, tz=tz or "America/New_York", email=email or None)
    fake.start(options.host, options.port)
    print(fake.base_url, flush=True)  # noqa: T201
    try:
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
