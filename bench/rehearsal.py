"""The national rehearsal: the whole country through one cycle, deployed as in production, under
faults, with every acknowledged answer checked afterwards.

    python bench/rehearsal.py --database-url postgresql+psycopg://USER@HOST:5432/DB

PostgreSQL (a fresh schema is made in the given database and dropped afterwards); two
`python -m bot serve` on two ports, the requests spread across them; two `python -m bot clock`;
the sandbox's Slack stand-in with its rate limits on; one simulated calendar that every process
shares (CLOCK_OFFSET_FILE) and that only this driver moves. See the README's "Rehearsal".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, select

from bench.rehearsal_chaos import Chaos
from bench.rehearsal_checks import (
    clicks_against_history,
    digests_by_the_rules,
    messages_once,
    status_posts_weekly,
)
from bench.rehearsal_checks_people import (
    changes_answered,
    no_digest_while_away,
    partners_answered,
)
from bench.rehearsal_config import (
    COMMITTEE,
    HANG_SECONDS,
    Balanced,
    Config,
    environment,
    reduced,
)
from bench.rehearsal_cycle import (
    escalations_once,
    mondays_posted,
    never_submitted_named,
    no_live_question_left,
    notes_as_told,
    reopened_fixed,
    snoozes_kept,
)
from bench.rehearsal_day import Day, seed_world
from bench.rehearsal_deploy import Deployment
from bench.rehearsal_faults import FaultyStandIn
from bench.rehearsal_figures import Figures, outcome
from bench.rehearsal_keep import keep
from bench.rehearsal_ledger import Ledger
from bench.rehearsal_plan import FULL, INSTANTS, SHORT, make_plan
from bench.rehearsal_reports import reports_agree
from bot.catalog import load_catalog
from bot.claims import LEASE
from bot.settings import DEFAULT_CATALOG
from bot.shifted_clock import ShiftedClock, move_to
from bot.workflows.reminders.workdays import is_working_day
from store.db import make_engine, make_session_factory
from store.models import Jurisdiction
from tests.dbs import fresh_database
from tests.integration.test_serve import free_port

# After the last day, how far the calendar may run while the outbox empties: to 03:00 UTC, the
# evening before in every U.S. zone but Guam's and the Northern Marianas' (their next working
# day, by the same rules).
SETTLE_SPAN = timedelta(hours=3)


def rehearse(config: Config) -> Figures:
    began = time.monotonic()
    app_name = f"rehearsal_{uuid.uuid4().hex[:8]}"
    with (
        tempfile.TemporaryDirectory() as tmp,
        fresh_database(
            "postgresql", Path(tmp), pg_url=config.database_url, keep=config.keep is not None
        ) as schema_url,
    ):
        # Its own name, so faults terminate this deployment's connections and no one else's.
        db_url = f"{schema_url}&application_name={app_name}"
        calendar_file = Path(tmp) / "calendar"
        instants = config.calendar.instants()
        move_to(calendar_file, instants[0].replace(hour=12, minute=0))
        shifted = ShiftedClock(calendar_file)
        fake = FaultyStandIn(share=config.share, seed=config.seed, wall_clock=shifted.timestamp)
        fake.start()
        # The driver's own connections under another name: the faults spare them.
        sessions = make_session_factory(make_engine(f"{schema_url}&application_name=driver"))
        catalog = load_catalog(DEFAULT_CATALOG)
        with sessions() as session:
            rows = session.execute(select(Jurisdiction.code, Jurisdiction.tz).order_by("code"))
            codes = [(c, tz) for c, tz in rows][: config.jurisdictions]
        topics = [t.slug for t in catalog.topics]
        plan = make_plan(codes, topics, config.calendar, config.seed, config.early_days)
        plan.topics_a_day = config.topics_a_day
        seed_world(sessions, fake, plan, config.calendar, now=shifted())
        ports = [free_port(), free_port()]
        deploy = Deployment(
            environment(config, db_url, fake.base_url, calendar_file), ports, logs=config.keep
        )
        admin = create_engine(config.database_url, isolation_level="AUTOCOMMIT")
        ledger = Ledger()
        last = instants[-1].replace(hour=23, minute=59)
        chaos = Chaos(fake, deploy, admin, app_name, every=config.fault_every,
                      hang_seconds=HANG_SECONDS, storm_calls=config.storm_calls,
                      progress=lambda: len(ledger.clicks))  # fmt: skip
        phases: Counter[str] = Counter()
        lap = _Lap(phases, began)
        lap("set-up")
        try:
            deploy.start()
            deploy.wait_web()
            lap("start-up")
            driver = Balanced([f"http://127.0.0.1:{p}/slack/events" for p in ports], fake)
            day = Day(plan, driver, fake, ledger, sessions, catalog, config.calendar, config.seed)
            fake.injecting = True
            with ThreadPoolExecutor(config.people_at_once) as pool:
                for instant in instants:
                    move_to(calendar_file, instant)
                    _progress(instant, ledger, fake, began)
                    if not deploy.wait_clocks(instant):
                        ledger.error(f"the clocks did not catch up to {instant}")
                    lap("clocks")
                    if instant.timetz().replace(tzinfo=None) == INSTANTS[0] and is_working_day(
                        instant.date()
                    ):
                        chaos.during(True)
                        day.work(pool, instant)
                        chaos.during(False)
                        lap("people")
            fake.injecting = False
            fake.clear_faults()
            move_to(calendar_file, last)  # every retry falls due; the clocks send what is left
            deploy.wait_clocks(last)
            # A clock killed mid-dispatch holds its row for a lease of the wall clock (bot/claims):
            # the outbox is waited for a lease and a minute, so such a row is taken over and sent.
            day.settle_outbox(
                timeout=LEASE.total_seconds() + 60, advance=partial(_later, calendar_file, last)
            )
            lap("outbox")
        finally:
            chaos.stop()
            deploy.stop()
            lap("stop")
        with sessions() as session:
            problems = {
                "clicks vs history": _checked(clicks_against_history, session, ledger),
                "notes": _checked(notes_as_told, session, ledger),
                "live questions": _checked(
                    no_live_question_left, session, fake, catalog, plan.people
                ),
                "messages once": _checked(messages_once, session, fake),
                "digests": _checked(digests_by_the_rules, session, ledger),
                "away": _checked(no_digest_while_away, session, ledger, plan.people),
                "changes asked": _checked(changes_answered, session, fake, ledger),
                "partners": _checked(partners_answered, session, catalog, ledger, plan.people),
                "snoozes": _checked(snoozes_kept, session, ledger, plan.people),
                "escalations": _checked(escalations_once, session, fake),
                "status posts": _checked(status_posts_weekly, session),
                "Mondays": _checked(mondays_posted, session, config.calendar),
                "reopened": _checked(reopened_fixed, session, ledger, plan),
                "never submitted": _checked(never_submitted_named, session, fake, plan, COMMITTEE),
                "reports": _checked(
                    reports_agree, session, catalog, plan.committee, plan.codes, last
                ),
                "driver": ledger.errors,
            }
            figures = outcome(session, ledger, fake, deploy, chaos, problems)
            lap("checks")
            figures.phases = phases
        if config.keep is not None:
            keep(config.keep, schema_url, fake, ledger, problems)
        # Logged, not judged: killed connections and Slack failures are logged as they happen.
        figures.logged_errors = sum(len(s.tracebacks) for s in deploy.slots)
        admin.dispose()
    figures.wall_seconds = time.monotonic() - began
    figures.ceilings(config.memory_ceiling_mb, config.connection_ceiling)
    return figures


def _checked(check: Callable[..., list[str]], *args: object) -> list[str]:
    """A check that fails on its own is a finding, not the loss of the whole run's figures."""
    try:
        return check(*args)
    except Exception as exc:
        return [f"the check {check.__name__} failed: {exc!r}"]


def _later(calendar: Path, last: datetime) -> None:
    """Two minutes on, up to SETTLE_SPAN past the calendar's end: a retry falls due by the
    calendar, not by waiting for its backoff in real time. Never back: a calendar held at the
    cap would stand still, and the clocks' jobs that run every few seconds with it (a row a
    killed clock held is sent once its lease ends on the wall clock)."""
    now = ShiftedClock(calendar)()
    later = min(now + timedelta(minutes=2), last + SETTLE_SPAN)
    if later > now:
        move_to(calendar, later)


class _Lap:
    """Wall time by phase of the run, to see where it goes."""

    def __init__(self, phases: Counter[str], began: float) -> None:
        self.phases, self.last = phases, began

    def __call__(self, phase: str) -> None:
        now = time.monotonic()
        self.phases[phase] += now - self.last
        self.last = now


def _progress(instant: datetime, ledger: Ledger, fake: FaultyStandIn, began: float) -> None:
    print(
        f"{time.monotonic() - began:6.0f} s  {instant:%a %Y-%m-%d %H:%M}  "
        f"clicks {len(ledger.clicks)}  "
        f"told {dict(Counter(c.told for c in ledger.clicks))}  "
        f"faults {dict(fake.faults)}  problems {len(ledger.errors)}",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to use")
    parser.add_argument("--jurisdictions", type=int, default=56)
    parser.add_argument("--short", action="store_true", help="two simulated weeks, not eight")
    parser.add_argument(
        "--reduced", action="store_true", help="the suite's reduced rehearsal (the rest ignored)"
    )
    parser.add_argument("--share", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--fault-every", type=int, default=25, help="clicks between faults")
    parser.add_argument("--people-at-once", type=int, default=24, help="people working at once")
    parser.add_argument("--topics-a-day", type=int, default=1, help="topic areas a sitting")
    parser.add_argument("--keep", type=Path, help="a folder to keep the evidence in")
    parser.add_argument("--results", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    config = Config(
        args.database_url,
        jurisdictions=args.jurisdictions,
        calendar=SHORT if args.short else FULL,
        share=args.share,
        seed=args.seed,
        fault_every=args.fault_every,
        people_at_once=args.people_at_once,
        topics_a_day=args.topics_a_day,
        keep=args.keep,
    )
    if args.reduced:
        config = reduced(args.database_url, keep=args.keep)
    figures = rehearse(config)
    text = figures.markdown(" ".join(["python bench/rehearsal.py", *(argv or sys.argv[1:])]))
    print(text)
    if args.results:
        with (Path(__file__).parent / "RESULTS.md").open("a") as results:
            results.write("\n" + text)
    return 0 if figures.passed else 1


if __name__ == "__main__":
    sys.exit(main())
