"""The bot against a bare Bolt app, N people clicking at once, on SQLite and PostgreSQL.

Both run under the same server (`python -m bot serve`, exactly as the Procfile's web runs it,
and bench/minimal_app.py through the same gunicorn settings) against the same local Slack
stand-in, in alternating runs. Reports the HTTP ack and click -> next question (p50/p95/p99),
clicks per second, CPU per click and the web processes' peak RSS, with the bot/minimal ratios,
and checks that every click recorded exactly one answer. One command:

    python bench/concurrency.py [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--n 1,10,50] [--rounds 2] [--workers 0] [--threads 8] [--output bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from bench.crowd import ROOT, SECRET, ArrivalFake, Outcome, crowd, measure, server
from bench.report import Row, write_results
from bot.catalog import load_catalog
from bot.serving import worker_count
from bot.settings import DEFAULT_CATALOG
from store.db import make_engine, make_session_factory
from store.jurisdictions import JURISDICTIONS
from store.models import Answer, AnswerHistory
from tests.conftest import NOW
from tests.dbs import fresh_database
from tests.factories import add_cycle, add_participant

CLICKS_WANTED = 300  # per run, so p99 rests on a few clicks at least


def plan(n: int) -> list[tuple[str, list[tuple[str, int]]]]:
    """Person i is the POC of the i-th jurisdiction; people start on different topics and walk
    as many as it takes to make about CLICKS_WANTED clicks in all (N=1 walks all 127)."""
    catalog = load_catalog(DEFAULT_CATALOG)
    topics = [(t.slug, len(catalog.in_topic(t.slug))) for t in catalog.topics]
    per_person = min(len(topics), max(1, -(-CLICKS_WANTED // (n * 10))))
    return [
        (f"UB{i:04d}", [topics[(i + k) % len(topics)] for k in range(per_person)]) for i in range(n)
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def bot_database(backend: str, pg_url: str, folder: Path, users: list[str]) -> Iterator[str]:
    with fresh_database(backend, folder, pg_url=pg_url) as url:
        engine = make_engine(url)
        sessions = make_session_factory(engine)
        add_cycle(sessions, now=NOW)
        for user, (code, *_rest) in zip(users, JURISDICTIONS, strict=False):
            add_participant(sessions, user, code, "poc", now=NOW)
        engine.dispose()
        yield url


def recorded(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        answers = conn.execute(select(func.count()).select_from(Answer)).scalar_one()
        history = conn.execute(select(func.count()).select_from(AnswerHistory)).scalar_one()
    engine.dispose()
    return answers, history


def served_env(port: int, slack_url: str, args: argparse.Namespace) -> dict[str, str]:
    """What either app is served with: the port, the stand-in, gunicorn's workers and threads."""
    return {
        "PORT": str(port),
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack_url,
        "WEB_CONCURRENCY": str(args.workers),
        "WEB_THREADS": str(args.threads),
    }


def one_run(app: str, backend: str, n: int, args: argparse.Namespace) -> Row:
    people = plan(n)
    expected = sum(size for _user, walks in people for _slug, size in walks)
    out = Outcome()
    with tempfile.TemporaryDirectory() as tmp, ArrivalFake() as fake:
        folder = Path(tmp)
        for user, _walks in people:
            fake.add_user(user, tz="America/Chicago")
        port = free_port()
        env = served_env(port, fake.base_url, args)
        url = f"http://127.0.0.1:{port}/slack/events"
        workers = worker_count(args.workers)
        if app == "minimal":
            command = [sys.executable, "-m", "bench.minimal_app", "--port", str(port)]
            with server(command, env, folder, workers) as pid:
                measure(pid, lambda: crowd(url, fake, people, out), out)
            return Row(app, backend, n, out, expected, None)
        users = [user for user, _walks in people]
        with bot_database(backend, args.postgres, folder, users) as db_url:
            command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
            root = Path(args.before) if app == "before" else ROOT
            bot_env = {**env, "DATABASE_URL": db_url}
            # An older checkout may serve with one process: count what it starts.
            with server(command, bot_env, folder, workers if root == ROOT else 0, root) as pid:
                profile = Path(args.profile) / f"bot-{backend}-{n}" if args.profile else None
                measure(pid, lambda: crowd(url, fake, people, out), out, profile)
            return Row(app, backend, n, out, expected, recorded(db_url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="", help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--n", default="1,10,50", help="numbers of people clicking at once")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of bot and minimal")
    parser.add_argument("--workers", type=int, default=0, help="WEB_CONCURRENCY (0: one per core)")
    parser.add_argument("--threads", type=int, default=8, help="WEB_THREADS")
    parser.add_argument(
        "--before", default="", help="also serve the bot from this older checkout, alternating"
    )
    parser.add_argument("--profile", default="", help="py-spy the bot's workers into this folder")
    parser.add_argument("--output", default="", help="write the table here (e.g. RESULTS.md)")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.postgres else ["sqlite"]
    rows: list[Row] = []
    for backend in backends:
        for n in (int(x) for x in args.n.split(",")):
            for round_ in range(args.rounds):
                apps = ["bot", "minimal", *(["before"] if args.before else [])]
                for app in apps if round_ % 2 == 0 else apps[::-1]:
                    row = one_run(app, backend, n, args)
                    print(row.line(), flush=True)
                    rows.append(row)
    write_results(rows, args, sys.argv, Path(args.output) if args.output else None)


if __name__ == "__main__":
    main()
