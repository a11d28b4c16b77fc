"""Server time and SQL statements of the scale reads at 3 and at 56 jurisdictions (10 people
each, 127 answers each changed five times): the Committee's App Home, a POC's App Home, a
reminder tick and the status post data. Target: each under 100 ms at 56.

    python bench/scale.py [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, event

from bot.catalog import load_catalog
from bot.settings import DEFAULT_CATALOG
from store.db import make_engine, make_session_factory
from store.jurisdictions import JURISDICTIONS
from tests.dbs import fresh_database
from tests.factories import add_cycle, add_participant
from tests.scale_world import codes, fill, reads

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)
REPEATS = 7


def measure(engine: Engine, label: str) -> None:
    sessions = make_session_factory(engine)
    catalog = load_catalog(DEFAULT_CATALOG)
    count = [0]
    event.listen(engine, "before_cursor_execute", lambda *_a: count.__setitem__(0, count[0] + 1))
    cycle_id = 1
    for name, read in reads(catalog, cycle_id, now=NOW).items():
        took = []
        for _ in range(REPEATS):
            count[0] = 0
            began = time.perf_counter()
            with sessions() as session:
                read(session)
            took.append((time.perf_counter() - began) * 1000)
        print(
            f"{engine.dialect.name:10} {label:17} {name:20}"
            f" median {statistics.median(took):6.1f} ms  max {max(took):6.1f} ms"
            f"  {count[0]} statements"
        )


def run(url: str) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    catalog = load_catalog(DEFAULT_CATALOG)
    cycle = add_cycle(sessions, now=NOW)
    add_participant(sessions, "UCOMMITTEE", None, "committee", now=NOW)
    fill(sessions, catalog, cycle, codes(3), now=NOW)
    measure(engine, "3 jurisdictions")
    fill(sessions, catalog, cycle, codes(len(JURISDICTIONS))[3:], now=NOW)
    measure(engine, f"{len(JURISDICTIONS)} jurisdictions")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="", help="also on PostgreSQL (a scratch schema)")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.postgres else ["sqlite"]
    for backend in backends:
        with (
            tempfile.TemporaryDirectory() as folder,
            fresh_database(backend, Path(folder), pg_url=args.postgres) as url,
        ):
            run(url)


if __name__ == "__main__":
    main()
