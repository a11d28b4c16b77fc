"""Reminders at scale: 56 jurisdictions x 10 participants, all due at the same instant.

Two measurements per database (SQLite always; PostgreSQL with --database-url):

1. Decide and enqueue: one run of the reminder workflow, in one transaction, at Thursday 8 April
   2027 09:00 in New York, eight days past a 31 March deadline. Every participant is in that
   zone, so all 560 digests are due at once, plus 3 POC notes per jurisdiction (one per late
   agency) and 56 Committee-channel lines. Then the same run again (what each later 15-minute
   tick costs when everything is already queued).

2. Dispatch: the clock's dispatcher sends those rows to the Slack stand-in with its rate limit on
   (chat.postMessage: 1 per second per channel, burst 2, `429` + Retry-After beyond). Slack's
   limit is per channel, and a DM is a channel of its own, so 560 digests to 560 people are not
   limited by Slack at all; the limit binds where one channel receives several messages: each
   POC's DM (a digest and 3 notes) and the Committee channel (56 lines). So the rate reported is
   per channel: for every channel with two or more messages, (messages - 1) / (last - first
   timestamp) against the allowed 1 message per second, and the wall time against the least
   time the limit allows (the busiest channel's (n - 1) seconds). Lost and duplicated messages
   are counted from the stand-in's own record (the outbox key in each message's metadata).

Usage: python bench/reminders.py [--database-url postgresql+psycopg://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.dispatcher import dispatch
from bot.jobs import make_deps
from bot.settings import DEFAULT_CATALOG, Settings
from bot.workflows.reminders.digests import run_reminders
from sandbox.slack import FakeSlack
from store.db import make_engine, make_session_factory
from store.jurisdictions import JURISDICTIONS
from store.models import Answer, OutboxMessage, Participant
from tests.dbs import fresh_database
from tests.reminder_world import RULES, composer, open_cycle

NOW = datetime(2027, 4, 8, 13, tzinfo=UTC)  # Thursday 09:00 EDT, 8 days past the deadline
ZONE = "America/New_York"
PER_JURISDICTION = 10  # a POC and 9 agency members in 3 agencies
ALLOWED_PER_CHANNEL = 1.0  # messages per second


@dataclass
class Result:
    backend: str
    decide_s: float = 0.0
    queued: int = 0
    repeat_s: float = 0.0
    dispatch_s: float = 0.0
    floor_s: float = 0.0
    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    limited: int = 0
    committee_share: float = 0.0
    channel_shares: tuple[float, ...] = ()
    digests_s: float = 0.0  # first to last of the 560 one-per-channel digests


def populate(sessions: sessionmaker[Session], catalog: Catalog, fake: FakeSlack) -> None:
    cycle = open_cycle(sessions, now=NOW - timedelta(days=60))
    slugs = [t.slug for t in catalog.topics]
    rng = random.Random(5)
    with sessions() as session, session.begin():
        for code, *_ in JURISDICTIONS:
            for n in range(PER_JURISDICTION):
                user = f"U{code}{n:02d}"
                fake.add_user(user, tz=ZONE)
                agency = (n - 1) // 3
                session.add(
                    Participant(
                        slack_user_id=user,
                        jurisdiction_code=code,
                        role="poc" if n == 0 else "agency",
                        agency="" if n == 0 else f"{code} agency {agency + 1}",
                        topics=[] if n == 0 else slugs[agency * 4 : agency * 4 + 4],
                        active=True,
                        created_at=NOW,
                        tz=ZONE,
                        tz_checked_at=NOW,  # Slack's zone already cached: no users.info here
                    )
                )
            for rec in catalog.recommendations:  # about half answered, some of every topic open
                if rng.random() < 0.5:
                    session.add(_answer(cycle, code, rec.id))


def _answer(cycle: int, code: str, rec_id: str) -> Answer:
    return Answer(
        cycle_id=cycle,
        jurisdiction_code=code,
        recommendation_id=rec_id,
        status="tier_1",
        answered_by="UBENCH",
        answered_at=NOW,
    )


def decide(sessions: sessionmaker[Session], catalog: Catalog) -> tuple[float, int]:
    began = time.perf_counter()
    with sessions() as session, session.begin():
        queued = run_reminders(session, catalog, composer(catalog), rules=RULES, now=NOW)
    return time.perf_counter() - began, len(queued)


def send(url: str, sessions: sessionmaker[Session], catalog: Catalog, fake: FakeSlack) -> float:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-bench",  # noqa: S106 - what the stand-in accepts, not a secret
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=url,
        COMMITTEE_CHANNEL=RULES.committee_channel,
    )
    start = time.monotonic()
    # The bot's clock starts at the benchmark's instant and runs in real time from there.
    deps = make_deps(
        settings,
        sessions=sessions,
        catalog=catalog,
        clock=lambda: NOW + timedelta(seconds=time.monotonic() - start),
    )
    dispatch(deps, follow=True)
    return time.monotonic() - start


def check(sessions: sessionmaker[Session], fake: FakeSlack, result: Result) -> None:
    with sessions() as session:
        keys = set(session.scalars(select(OutboxMessage.idempotency_key)))
        unsent = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status != "sent")
        )
    seen: Counter[str] = Counter()
    stamps: dict[str, list[float]] = defaultdict(list)
    digests: list[float] = []
    for message in fake.messages():
        key = (message.get("metadata") or {}).get("event_payload", {}).get("key")
        if key:
            seen[key] += 1
            stamps[message["channel"]].append(float(message["ts"]))
            if key.startswith("digest:"):
                digests.append(float(message["ts"]))
    result.digests_s = max(digests) - min(digests)
    result.delivered = sum(seen.values())
    result.lost = len(keys - set(seen)) + (unsent or 0)
    result.duplicated = sum(n - 1 for n in seen.values() if n > 1)
    result.limited = fake.stats["limited"]
    shares = {c: _share(sorted(ts)) for c, ts in stamps.items() if len(ts) > 1}
    result.channel_shares = tuple(sorted(shares.values()))
    result.committee_share = shares.get(RULES.committee_channel, 0.0)
    result.floor_s = max((len(ts) - 1) / ALLOWED_PER_CHANNEL for ts in stamps.values())


def _share(stamps: list[float]) -> float:
    """Delivered rate in this channel as a share of the allowed one message per second."""
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) / ALLOWED_PER_CHANNEL


def run(backend: str, url: str, catalog: Catalog) -> Result:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    result = Result(backend)
    with FakeSlack(rate_limit=True) as fake:
        populate(sessions, catalog, fake)
        result.decide_s, result.queued = decide(sessions, catalog)
        result.repeat_s, again = decide(sessions, catalog)
        assert again == 0, "a second run queued something again"
        result.dispatch_s = send(url, sessions, catalog, fake)
        check(sessions, fake, result)
    engine.dispose()
    return result


def report(results: list[Result]) -> None:
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("messages queued in one run", lambda r: f"{r.queued}"),
        ("decide + enqueue, first run", lambda r: f"{r.decide_s * 1000:.0f} ms"),
        ("decide, a later tick (0 new)", lambda r: f"{r.repeat_s * 1000:.0f} ms"),
        ("dispatch wall time", lambda r: f"{r.dispatch_s:.1f} s"),
        ("least time the limit allows", lambda r: f"{r.floor_s:.1f} s"),
        ("  wall time vs that floor", lambda r: f"{r.floor_s / r.dispatch_s:.1%}"),
        ("560 digests (1 per DM), first to last", lambda r: f"{r.digests_s:.1f} s"),
        ("delivered / lost / duplicated", lambda r: f"{r.delivered} / {r.lost} / {r.duplicated}"),
        ("429s from the stand-in", lambda r: f"{r.limited}"),
        ("Committee channel rate / allowed", lambda r: f"{r.committee_share:.1%}"),
        (
            "per-channel rate / allowed (min, median)",
            lambda r: (
                f"{min(r.channel_shares):.1%}, {statistics.median(r.channel_shares):.1%}"
                f" over {len(r.channel_shares)} channels"
            ),
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'':<{width}}  " + "  ".join(f"{r.backend:<28}" for r in results))
    for label, cell in rows:
        print(f"{label:<{width}}  " + "  ".join(f"{cell(r):<28}" for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="", help="PostgreSQL; a scratch schema is used")
    args = parser.parse_args()
    catalog = load_catalog(DEFAULT_CATALOG)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        with fresh_database("sqlite", Path(folder)) as url:
            results.append(run("SQLite", url, catalog))
        if args.database_url:
            with fresh_database("postgresql", Path(folder), pg_url=args.database_url) as url:
                results.append(run("PostgreSQL", url, catalog))
    report(results)


if __name__ == "__main__":
    main()
