"""Server time (wall, and this process's CPU: PostgreSQL's own work is not in it) and SQL
statements of the scale reads at 3 and at 56 jurisdictions (10 people each, 127 answers each
changed five times): the Committee's App Home, a POC's App Home, a reminder tick and the status
post data. Target: each under 100 ms at 56.

The reminder tick runs at 09:00 in Chicago, a reminder day: every POC whose office hours have
begun is due a digest, and the tick renders each one (its line says how many). A second line,
"reminder tick, none new", measures the same tick once those digests are queued: what most of
the day's runs do.

    python bench/scale.py [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Engine, delete, event
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import load_catalog
from bot.settings import DEFAULT_CATALOG
from bot.workflows.reminders.digests import run_reminders
from store.db import make_engine, make_session_factory
from store.jurisdictions import JURISDICTIONS
from store.models import OutboxMessage
from tests.dbs import fresh_database
from tests.factories import add_cycle, add_participant
from tests.scale_world import codes, fill, reads, scale_compose, scale_rules

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)
REPEATS = 7


def measure(engine: Engine, label: str) -> None:
    sessions = make_session_factory(engine)
    catalog = load_catalog(DEFAULT_CATALOG)
    count = [0]
    event.listen(engine, "before_cursor_execute", lambda *_a: count.__setitem__(0, count[0] + 1))
    cycle_id = 1
    work = reads(catalog, cycle_id, now=NOW)
    for name, read in work.items():
        _time(sessions, engine, label, name, read, count)
    tick = work["reminder tick"]
    with sessions() as session, session.begin():  # queue today's digests, as the tick would
        run_reminders(session, catalog, scale_compose(catalog), rules=scale_rules(), now=NOW)
    _time(sessions, engine, label, "reminder tick, none new", tick, count)
    with sessions() as session, session.begin():
        session.execute(delete(OutboxMessage))


def _time(
    sessions: sessionmaker[Session],
    engine: Engine,
    label: str,
    name: str,
    read: Callable[[Session], object],
    count: list[int],
) -> None:
    took, cpu = [], []
    for _ in range(REPEATS):
        count[0] = 0
        began, began_cpu = time.perf_counter(), time.process_time()
        with sessions() as session:
            found = read(session)
        took.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    rendered = f"  {len(found)} rendered" if isinstance(found, list) else ""
    print(
        f"{engine.dialect.name:10} {label:17} {name:24}"
        f" median {statistics.median(took):6.1f} ms  max {max(took):6.1f} ms"
        f"  cpu {statistics.median(cpu):6.1f} ms"
        f"  {count[0]} statements{rendered}"
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
