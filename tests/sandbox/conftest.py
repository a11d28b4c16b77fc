"""A running sandbox (stand-in, bot, clock, demo database) and Debian's chromium to drive it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sandbox.runtime import Sandbox
from sandbox.web.routes import Web

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


# A Sunday: the demo cycle is due Sunday 20 December; the first digests go out on Friday 4th.
START = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)


def start_sandbox(folder: Path) -> Sandbox:
    sandbox = Sandbox(f"sqlite:///{folder / 'sandbox.sqlite3'}", start_at=START)
    sandbox.fake.mount("", Web(sandbox).dispatch)
    return sandbox.start(port=0)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Callable[[], Sandbox]]:
    """Starts the sandbox in tmp_path; call again after stop() to restart it on the same files."""
    started: list[Sandbox] = []

    def start() -> Sandbox:
        started.append(start_sandbox(tmp_path))
        return started[-1]

    yield start
    for sandbox in started:
        if sandbox.running:
            sandbox.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (.ci/run does)")
        pytest.skip("needs Debian's chromium: apt-get install -y --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A browser tab, closed after the test so it stops polling."""
    tab = chromium.new_page(viewport={"width": 1440, "height": 900})
    yield tab
    tab.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[[Any, str], None]:
    """Saves a screenshot of `page` as test-artifacts/<test>/<nn>-<name>.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    taken = [0]

    def shot(page: Any, name: str) -> None:
        taken[0] += 1
        page.screenshot(path=str(folder / f"{taken[0]:02d}-{name}.png"))

    return shot
