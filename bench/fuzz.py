"""The full hostile-input run: 10,000 generated requests (slash text, block actions, view
submissions, events, raw garbage) signed and sent to the real endpoint, against the local
Slack stand-in. Every one must get a status below 500, show no person a traceback, and
write nothing it may not write. Prints the tally of statuses and of what people were told.

    python bench/fuzz.py [--examples 10000] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings

from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.conftest import NOW
from tests.dbs import fresh_database
from tests.e2e.conftest import SECRET, start_bot
from tests.e2e.test_fuzz import seed_california
from tests.factories import add_cycle, add_participant
from tests.fuzz import REQUESTS
from tests.fuzz_checks import Tally, check_one
from tests.slack_driver import SlackDriver

PEOPLE = ("UPOC", "UAG1", "UOTHER", "UCOM", "USTRANGER")


def run(url: str, examples: int) -> Tally:
    tally = Tally()
    with FakeSlack() as fake:
        for user in PEOPLE:
            fake.add_user(user)
        bot = start_bot(url, fake, Clock(NOW))
        db = bot.app.deps.sessions
        add_cycle(db, now=NOW)
        add_participant(db, "UPOC", "TX", "poc", now=NOW)
        add_participant(db, "UAG1", "TX", "agency", now=NOW, topics=["housing"])
        add_participant(db, "UOTHER", "CA", "poc", now=NOW)
        add_participant(db, "UCOM", None, "committee", now=NOW)
        slack = SlackDriver(bot.url, SECRET, fake, bot.app)
        seed_california(slack, fake)

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(request=REQUESTS)
        def one(request: tuple[str, str]) -> None:
            check_one(slack, fake, db, request, tally)
            if tally.sent % 1000 == 0:
                print(f"  {tally.line()}", flush=True)

        try:
            one()
        finally:
            bot.stop()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="PostgreSQL; default: a SQLite file")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the listeners' own logs; the tally is the result
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        backend = "postgresql" if args.database_url else "sqlite"
        with fresh_database(backend, Path(tmp), pg_url=args.database_url) as url:
            tally = run(url, args.examples)
    print(f"{tally.line()} in {time.perf_counter() - began:.0f} s")
    return 0 if tally.statuses and max(tally.statuses) < 500 else 1


if __name__ == "__main__":
    raise SystemExit(main())
