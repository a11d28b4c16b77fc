"""The page and every asset it loads are served by the sandbox itself and point nowhere else."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from sandbox.runtime import Sandbox

ANY_HOST = re.compile(r"(?:https?:)?//([A-Za-z0-9.\-]+)")
CSS_URL = re.compile(r"url\((?!/static/[a-z0-9_-]+\.woff2\))|@import")  # only its own font


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.found.extend(v for k, v in attrs if k in ("src", "href") and v)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:  # noqa: S310 - loopback
            return reply.status, reply.headers.get("Content-Type", ""), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, "", b""


def test_the_page_and_its_assets_are_local(running: Callable[[], Sandbox]) -> None:
    sandbox = running()
    status, ctype, page = fetch(sandbox.url)
    assert status == 200 and ctype.startswith("text/html")
    parser = _References()
    parser.feed(page.decode())
    assets = [ref for ref in parser.found if ref.startswith("/static/")]
    assert {a.rsplit(".", 1)[1] for a in assets} == {"css", "js", "svg"}
    assert [ref for ref in parser.found if not ref.startswith("/")] == []
    for asset in ["/", *assets, "/favicon.ico"]:
        status, ctype, body = fetch(sandbox.url.rstrip("/") + asset)
        assert status == 200, asset
        # An XML namespace names, it does not load: xmlns="http://www.w3.org/2000/svg".
        text = re.sub(r'xmlns="[^"]*"', "", body.decode())
        hosts = set(ANY_HOST.findall(text))
        assert hosts <= {"127.0.0.1"}, f"{asset} points at {hosts}"
        if asset.endswith(".css"):
            assert not CSS_URL.search(text), f"{asset} loads something"
            for font in re.findall(r"url\((/static/[a-z0-9_-]+\.woff2)\)", text):
                assert fetch(sandbox.url.rstrip("/") + font)[:2] == (200, "font/woff2"), font
        if asset.endswith(".js"):
            assert "import " not in text and "WebSocket" not in text, asset


@pytest.mark.parametrize("path", ["/static/../runtime.py", "/static/nope.js", "/files/F404/x"])
def test_nothing_else_is_served(running: Callable[[], Sandbox], path: str) -> None:
    sandbox = running()
    assert fetch(sandbox.url.rstrip("/") + path)[0] == 404


def test_an_uploaded_file_is_served_back(running: Callable[[], Sandbox]) -> None:
    from slack_sdk import WebClient

    sandbox = running()
    client = WebClient(token="xoxb-sandbox", base_url=sandbox.fake.base_url)
    client.files_upload_v2(
        channel="CCOMMITTEE", content="a,b\n1,2\n", filename="answers.csv", title="Answers"
    )
    posted = sandbox.fake.messages("CCOMMITTEE")[-1]["files"][0]
    assert posted["mimetype"] == "text/csv"
    status, ctype, body = fetch(posted["url_private"])
    assert (status, ctype, body) == (200, "text/csv", b"a,b\n1,2\n")
