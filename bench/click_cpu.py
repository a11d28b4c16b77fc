"""CPU per answer click on the server side, in one process and without the machine's noise.

Walks one POC through all 127 recommendations over the real HTTP endpoint (waitress) against
the local Slack stand-in, and adds up, click by click, the CPU time of the server's own threads
only (waitress and the listener pool, read from their thread clocks): not the Slack stand-in's,
not the driver's. `--bare` makes the same clicks against bench/minimal_app.py, the yardstick;
`--profile FILE` writes cProfile stats of the server's threads (read them with pstats).

    python -m bench.click_cpu [--postgres URL] [--bare] [--profile walk.prof] [--repeat N]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.minimal_app import build, wsgi
from bot.app import create_app
from bot.catalog import load_catalog
from bot.handlers.walk.question_blocks import warm
from bot.settings import DEFAULT_CATALOG, Settings
from sandbox.driver import SlackDriver
from sandbox.server import serve_in_background
from sandbox.slack import FakeSlack
from store.db import make_engine, make_session_factory
from tests.clock import Clock
from tests.conftest import NOW
from tests.dbs import fresh_database
from tests.e2e.conftest import SECRET
from tests.factories import add_cycle, add_participant

SERVER_THREADS = ("waitress", "listener", "ThreadPoolExecutor")  # the bare app's Bolt pool


def server_cpu() -> float:
    """Seconds of CPU the server's live threads have used so far."""
    total = 0
    for thread in threading.enumerate():
        if thread.name.startswith(SERVER_THREADS) and thread.ident is not None:
            try:
                total += time.clock_gettime_ns(time.pthread_getcpuclockid(thread.ident))
            except (OSError, ProcessLookupError):
                continue  # it ended between the listing and the read
    return total / 1e9


class Profiles:
    """One cProfile per server thread, on only while that thread runs the wrapped call."""

    def __init__(self) -> None:
        self.by_thread: dict[int, cProfile.Profile] = {}

    def wrap(self, call: Callable[..., Any]) -> Callable[..., Any]:
        def profiled(*args: Any, **kwargs: Any) -> Any:
            profile = self.by_thread.setdefault(
                threading.get_ident(), cProfile.Profile(time.thread_time)
            )
            profile.enable()
            try:
                return call(*args, **kwargs)
            finally:
                profile.disable()

        return profiled

    def dump(self, path: str) -> None:
        profiles = list(self.by_thread.values())
        if profiles:
            pstats.Stats(*profiles).dump_stats(path)  # type: ignore[arg-type]


@contextmanager
def bot_server(url: str, fake: FakeSlack, profiles: Profiles | None) -> Iterator[SlackDriver]:
    """The bot as tests/e2e/conftest.py serves it; with `profiles`, its two entry points (the
    HTTP request and the after-ack listener) run under a profiler."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-e2e",  # noqa: S106 - the stand-in's
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=url,
        COMMITTEE_CHANNEL="CCOMMITTEE",
    )
    app = create_app(settings, clock=Clock(NOW))
    warm(app.deps.render, app.deps.catalog)  # as `python -m bot serve` does in each worker
    entry = app.wsgi()
    if profiles is not None:
        submit, entry = app.executor.submit, profiles.wrap(entry)
        app.executor.submit = lambda fn, *a, **k: submit(profiles.wrap(fn), *a, **k)  # type: ignore[method-assign]
    server = serve_in_background(entry)
    try:
        yield SlackDriver(server.url, SECRET, fake, wait=app.wait_idle)
    finally:
        app.wait_idle()
        server.stop()
        app.close()


@contextmanager
def bare_server(fake: FakeSlack) -> Iterator[SlackDriver]:
    server = serve_in_background(wsgi(build(SECRET, fake.base_url)))
    seen = [0]

    def posts() -> int:
        return sum(1 for c in fake.calls() if c.method.startswith("chat."))

    def wait() -> None:  # two chat calls per command and per click, made after the ack
        deadline = time.monotonic() + 10
        while posts() < seen[0] + 2 and time.monotonic() < deadline:
            time.sleep(0.0005)
        seen[0] = posts()

    try:
        yield SlackDriver(server.url, SECRET, fake, wait=wait)
    finally:
        server.stop()


def walk(slack: SlackDriver, fake: FakeSlack, bare: bool) -> list[float]:
    """CPU seconds of each click: every recommendation of every topic, answered in order."""
    catalog = load_catalog(DEFAULT_CATALOG)
    spent: list[float] = []
    for topic in catalog.topics:
        slack.command("UPOC", topic.slug)
        parent = fake.messages("C0WALK", top_level_only=True)[-1]
        for _ in catalog.in_topic(topic.slug):
            bot = "UBOT" if not bare else None
            question = [
                m
                for m in fake.messages("C0WALK", thread_ts=parent["ts"])
                if bot is None or m.get("user") == bot
            ][-1]
            before = server_cpu()
            slack.click("UPOC", question, "walk_answer:tier_2")
            spent.append(server_cpu() - before)
    return spent


def run(url: str, bare: bool, profile: str) -> None:
    profiles = Profiles() if profile else None
    with FakeSlack() as fake:
        fake.add_user("UPOC", tz="America/Chicago")
        serving = bare_server(fake) if bare else bot_server(url, fake, profiles)
        with serving as slack:
            began = time.perf_counter()
            spent = walk(slack, fake, bare)
            wall = time.perf_counter() - began
    if profiles is not None:
        profiles.dump(profile)
    ms = sorted(1000 * s for s in spent)
    print(
        f"{'bare Bolt app' if bare else make_engine(url).dialect.name}: {len(ms)} clicks, "
        f"server CPU {sum(ms) / 1000:.2f} s in all, per click mean {statistics.mean(ms):.1f} ms, "
        f"p50 {ms[len(ms) // 2]:.1f}, p95 {ms[int(len(ms) * 0.95)]:.1f} ms; wall {wall:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; a scratch schema is used")
    parser.add_argument("--bare", action="store_true", help="the bare Bolt app instead of the bot")
    parser.add_argument("--profile", default="", help="write cProfile stats of the server here")
    parser.add_argument("--repeat", type=int, default=1, help="walks, each on a fresh database")
    args = parser.parse_args()
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            backend = "postgresql" if args.postgres else "sqlite"
            with fresh_database(backend, Path(folder), pg_url=args.postgres) as url:
                sessions = make_session_factory(make_engine(url))
                add_cycle(sessions, now=NOW)
                add_participant(sessions, "UPOC", "TX", "poc", now=NOW)
                run(url, args.bare, args.profile)


if __name__ == "__main__":
    main()
