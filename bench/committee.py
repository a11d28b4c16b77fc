"""The Committee's views at full size: 56 jurisdictions x 127 answers x 5 revisions each.

Server time (median of --runs runs, one warm-up first) for each view, on SQLite always and on
PostgreSQL with --database-url: the data (one read-only transaction) and its rendering as Slack
blocks or Markdown; charts and PDF are reported on their own lines, since they cost far more
than the data and are not on any Slack request's path (the status post's chart is drawn by the
clock; reports are files). Target: every data + text line under 300 ms.

Usage: python bench/committee.py [--database-url postgresql+psycopg://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.reports.adoption import adoption_file
from bot.reports.national import national_charts, render_national
from bot.reports.pdf import html_to_pdf
from bot.reports.state import render_report, report_bytes
from bot.settings import DEFAULT_CATALOG
from bot.workflows.reporting.adoption_view import adoption_of
from bot.workflows.reporting.committee import national_picture, state_detail
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from bot.workflows.reporting.status_data import summarize
from store.db import make_engine, make_session_factory
from store.models import Answer, AnswerHistory, Jurisdiction, Participant, Submission
from tests.dbs import fresh_database
from tests.reminder_world import open_cycle, renderer

NOW = datetime(2027, 3, 1, 15, tzinfo=UTC)
REVISIONS = 5
TARGET_MS = 300.0


def populate(sessions: sessionmaker[Session], catalog: Catalog) -> None:
    cycle_id = open_cycle(sessions, now=NOW)
    scale = [o.value for o in catalog.scale]
    with sessions() as s, s.begin():
        codes = list(s.scalars(select(Jurisdiction.code).order_by(Jurisdiction.code)))
        answers = [
            {
                "cycle_id": cycle_id,
                "jurisdiction_code": code,
                "recommendation_id": rec.id,
                "status": scale[(i + n) % len(scale)],
                "notes": f"What {code} does for {rec.id}." if n % 3 == 0 else "",
                "resources_needed": "Funding for training." if n % 7 == 0 else "",
                "answered_by": f"U{code}POC",
                "agency": f"{code} agency {n % 4}",
                "answered_at": NOW,
                "version": REVISIONS,
            }
            for i, code in enumerate(codes)
            for n, rec in enumerate(catalog.recommendations)
        ]
        s.execute(insert(Answer), answers)
        ids = {(a.jurisdiction_code, a.recommendation_id): a.id for a in s.scalars(select(Answer))}
        history = [
            {
                "answer_id": ids[(a["jurisdiction_code"], a["recommendation_id"])],
                "cycle_id": cycle_id,
                "jurisdiction_code": a["jurisdiction_code"],
                "recommendation_id": a["recommendation_id"],
                "version": v,
                "before_status": None if v == 1 else scale[v % len(scale)],
                "after_status": a["status"] if v == REVISIONS else scale[(v + 1) % len(scale)],
                "changed_by": a["answered_by"],
                "changed_at": NOW,
                "source": "button",
            }
            for a in answers
            for v in range(1, REVISIONS + 1)
        ]
        s.execute(insert(AnswerHistory), history)
        for code in codes[::2]:
            s.add(
                Submission(
                    cycle_id=cycle_id, jurisdiction_code=code, submitted_by="U", submitted_at=NOW
                )
            )
        for code in codes:
            s.add(
                Participant(
                    slack_user_id=f"U{code}POC", jurisdiction_code=code, role="poc", created_at=NOW
                )
            )
        s.add(
            Participant(
                slack_user_id="UCOM", jurisdiction_code=None, role="committee", created_at=NOW
            )
        )


STATEMENTS = [0]  # SQL statements of the latest run


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process, in ms, and the SQL statements of
    one run. On a shared machine the wall time grows with the load; CPU time does not (but
    leaves out PostgreSQL's own work)."""
    fn()  # warm-up: templates compile, fonts load
    walls, cpus = [], []
    for _ in range(runs):
        STATEMENTS[0] = 0
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus), STATEMENTS[0]


def measure(
    url: str, catalog: Catalog, runs: int
) -> list[tuple[str, tuple[float, float, int], bool]]:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    populate(sessions, catalog)
    event.listen(
        engine, "before_cursor_execute", lambda *_a: STATEMENTS.__setitem__(0, STATEMENTS[0] + 1)
    )
    render = renderer(catalog)

    def read(work: Callable[[Session], object]) -> Callable[[], object]:
        def go() -> object:
            with sessions() as session:
                return work(session)

        return go

    def status_post() -> object:
        with sessions() as s:
            found = summarize(s, catalog, channel="C1", key="k", today=NOW.date())
        context = found.as_context()
        return render.text("status/post.txt.j2", **context), render.blocks(
            "status/post.blocks.json.j2", **context
        )

    def committee() -> object:
        with sessions() as s:
            found = national_picture(s, catalog, user="UCOM")
        return render.blocks("committee/overview.blocks.json.j2", p=found)

    def committee_state() -> object:
        with sessions() as s:
            found = state_detail(s, catalog, user="UCOM", jurisdiction="TX")
        return render.blocks("committee/state.blocks.json.j2", d=found)

    def adoption_md() -> object:
        with sessions() as s:
            found = adoption_of(s, catalog, cycle=None, scope="submitted", now=NOW)
        return adoption_file(render, found, "md")

    def state_md() -> object:
        with sessions() as s:
            found = state_report(s, catalog, jurisdiction="TX", cycle=None, now=NOW)
        return render_report(render, found, "md")

    def national_md() -> object:
        with sessions() as s:
            found = national_report(s, catalog, cycle=None, scope="submitted", now=NOW)
        return render_national(render, found, "md")

    with sessions() as s:
        tx = state_report(s, catalog, jurisdiction="TX", cycle=None, now=NOW)
        nat = national_report(s, catalog, cycle=None, scope="submitted", now=NOW)
    tx_html = render_report(render, tx, "html")
    rows = [
        (
            "adoption (data)",
            timed(
                read(lambda s: adoption_of(s, catalog, cycle=None, scope="submitted", now=NOW)),
                runs,
            ),
            True,
        ),
        ("adoption (data + Markdown)", timed(adoption_md, runs), True),
        ("status post data + blocks", timed(status_post, runs), True),
        ("/assess committee (data + blocks)", timed(committee, runs), True),
        ("/assess committee TX (data + blocks)", timed(committee_state, runs), True),
        ("one state report (data + Markdown)", timed(state_md, runs), True),
        ("national report (data + Markdown)", timed(national_md, runs), True),
        (
            "one state report, HTML with its chart",
            timed(lambda: report_bytes(render, tx, "html"), max(1, runs // 3)),
            False,
        ),
        (
            "national report, HTML with 2 charts",
            timed(lambda: render_national(render, nat, "html"), max(1, runs // 3)),
            False,
        ),
        ("national charts alone", timed(lambda: national_charts(nat), max(1, runs // 3)), False),
        (
            "one state report, PDF from its HTML",
            timed(lambda: html_to_pdf(tx_html), max(1, runs // 5)),
            False,
        ),
    ]
    engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server to measure too")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    catalog = load_catalog(DEFAULT_CATALOG)
    backends = ["sqlite"] + (["postgresql"] if args.database_url else [])
    failed = False
    for backend in backends:
        with (
            tempfile.TemporaryDirectory() as tmp,
            fresh_database(backend, Path(tmp), pg_url=args.database_url or "") as url,
        ):
            rows = measure(url, catalog, args.runs)
        load = os.getloadavg()[0]
        print(
            f"\n{backend}: 56 jurisdictions x 127 answers x {REVISIONS} revisions; median ms "
            f"(load average {load:.1f} on {os.cpu_count()} cores)"
        )
        print(f"  {'view':<42} {'wall':>8} {'cpu':>8} {'SQL':>4}")
        for name, (wall, cpu, statements), targeted in rows:
            verdict = ("ok" if wall < TARGET_MS else "OVER") if targeted else "reported"
            failed |= targeted and wall >= TARGET_MS
            print(f"  {name:<42} {wall:8.1f} {cpu:8.1f} {statements:4}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
