"""The in-process server of the sandbox and the end-to-end tests keeps answering in a process
that already holds more than a thousand open files (a long test run): waitress's default loop
used select(), which cannot watch a descriptor numbered 1024 or above."""

from __future__ import annotations

import os
import resource
import urllib.request
from collections.abc import Iterable

import pytest

from sandbox.server import serve_in_background

HELD = 1100


def hello(environ: dict[str, object], start_response: object) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])  # type: ignore[operator]
    return [b"ok"]


@pytest.mark.skipif(
    resource.getrlimit(resource.RLIMIT_NOFILE)[0] < HELD + 100,
    reason="the open-files limit is too low to hold a thousand files",
)
def test_answers_with_a_thousand_files_open() -> None:
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(HELD)]
    try:
        server = serve_in_background(hello, "/")
        try:
            with urllib.request.urlopen(server.url, timeout=5) as reply:  # noqa: S310 - loopback
                assert reply.read() == b"ok"
        finally:
            server.stop()
    finally:
        for fd in held:
            os.close(fd)
