"""How long the bot takes, server side, to walk a POC through all 127 recommendations.

Runs the real HTTP endpoint (waitress) against the local Slack stand-in, signs every request as
Slack does, and times each click from the request leaving until the bot's after-ack work is done
(ack, answer recorded, message updated, next question posted). Usage:

    python bench/walk.py [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.catalog import load_catalog
from bot.settings import DEFAULT_CATALOG
from sandbox.slack import FakeSlack
from store.db import make_engine, make_session_factory
from tests.clock import Clock
from tests.conftest import NOW
from tests.dbs import fresh_database
from tests.e2e.conftest import SECRET, start_bot
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver


def run(url: str) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    add_cycle(sessions, now=NOW)
    add_participant(sessions, "UPOC", "TX", "poc", now=NOW)
    catalog = load_catalog(DEFAULT_CATALOG)
    with FakeSlack() as fake:
        fake.add_user("UPOC", tz="America/Chicago")
        bot = start_bot(url, fake, Clock(NOW))
        slack = SlackDriver(bot.url, SECRET, fake, bot.app)
        acks: list[float] = []
        clicks: list[float] = []
        began = time.perf_counter()
        for topic in catalog.topics:
            slack.command("UPOC", topic.slug)
            parent = fake.messages("C0WALK", top_level_only=True)[-1]
            for _ in catalog.in_topic(topic.slug):
                question = [
                    m
                    for m in fake.messages("C0WALK", thread_ts=parent["ts"])
                    if m.get("user") == "UBOT"
                ][-1]
                response = slack.click("UPOC", question, "walk_answer:tier_2")
                acks.append(response.ack_ms)
                clicks.append(response.done_ms)
        whole = time.perf_counter() - began
        bot.stop()
    print(f"database: {engine.dialect.name}")
    print(f"recommendations answered: {len(clicks)} in 12 topic walks, {whole:.2f} s in all")
    print(f"per click, ack (HTTP reply) ms: {spread(acks)}")
    print(f"per click, all work done ms:   {spread(clicks)}")
    print(f"sum of per-click server time: {sum(clicks) / 1000:.2f} s")


def spread(values: list[float]) -> str:
    return f"p50 {pct(values, 50):.1f}  p95 {pct(values, 95):.1f}  max {max(values):.1f}"


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL; a scratch schema is used")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        backend = "postgresql" if args.postgres else "sqlite"
        with fresh_database(backend, Path(folder), pg_url=args.postgres) as url:
            run(url)


if __name__ == "__main__":
    main()
