"""The web processes' memory, process by process: the bot against a bare Bolt app.

Each app is started exactly as bench/concurrency.py starts it (`python -m bot serve`, and
bench/minimal_app.py under the same gunicorn settings), one person walks a topic area (a few
requests reach every worker), then each process's VmHWM (peak RSS: pages shared with the
master counted again in every worker), Pss (shared pages split between the processes) and
private memory (USS: what the process alone holds) are read from /proc. Runs alternate:

    python bench/memory.py [--postgres URL] [--rounds 2] [--before /tmp/old-checkout] [--light]

`--light` adds the other way to fork: a master that imports only gunicorn (it neither migrates
nor checks the token: the database is ready) and workers that import the bot after the fork.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.concurrency import bot_database, free_port, plan, served_env
from bench.crowd import ROOT, ArrivalFake, Outcome, crowd, server
from bench.procs import FIELDS, process_kb, tree
from bot.serving import worker_count

LIGHT_MASTER = """
import os
from bot.serving import ServeOptions, serve

def load():
    from bot.__main__ import load_settings
    from bot.catalog import load_catalog
    from bot.cli.serve import build

    settings = load_settings()
    return build(settings, load_catalog(settings.catalog_path)).wsgi()

port, workers, threads = (int(os.environ[k]) for k in ("PORT", "WEB_CONCURRENCY", "WEB_THREADS"))
serve(load, ServeOptions("127.0.0.1", port, workers, threads))
"""


def one_run(app: str, backend: str, args: argparse.Namespace) -> list[dict[str, int]]:
    """Per process (master first) after one person walked one topic area."""
    people = [(user, walks[:1]) for user, walks in plan(1)]
    with tempfile.TemporaryDirectory() as tmp, ArrivalFake() as fake:
        folder = Path(tmp)
        fake.add_user(people[0][0], tz="America/Chicago")
        port = free_port()
        env = served_env(port, fake.base_url, args)
        url = f"http://127.0.0.1:{port}/slack/events"
        workers = worker_count(args.workers)
        if app == "minimal":
            command = [sys.executable, "-m", "bench.minimal_app", "--port", str(port)]
            with server(command, env, folder, workers) as pid:
                crowd(url, fake, people, Outcome())
                return [process_kb(p) for p in tree(pid)]
        with bot_database(backend, args.postgres, folder, [people[0][0]]) as db_url:
            command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
            if app == "light":
                command = [sys.executable, "-c", LIGHT_MASTER]
            root = Path(args.before) if app == "before" else ROOT
            with server(command, {**env, "DATABASE_URL": db_url}, folder, workers, root) as pid:
                crowd(url, fake, people, Outcome())
                return [process_kb(p) for p in tree(pid)]


def line(app: str, backend: str, processes: list[dict[str, int]]) -> str:
    def mb(kb: int) -> str:
        return f"{kb / 1024:.0f}"

    totals = " ".join(f"{f} {mb(sum(p[f] for p in processes))}" for f in FIELDS)
    each = ", ".join("/".join(mb(p[f]) for f in ("VmHWM", "Pss", "Private")) for p in processes)
    return f"{backend:10} {app:8} sum MB: {totals}  per process HWM/PSS/USS (master first): {each}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="", help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the apps")
    parser.add_argument("--workers", type=int, default=0, help="WEB_CONCURRENCY (0: one per core)")
    parser.add_argument("--threads", type=int, default=8, help="WEB_THREADS")
    parser.add_argument("--before", default="", help="also serve the bot from this checkout")
    parser.add_argument("--light", action="store_true", help="also fork from a bare master")
    args = parser.parse_args()
    apps = ["bot", "minimal", *(["before"] if args.before else []), *(["light"] * args.light)]
    for backend in ["sqlite", "postgresql"] if args.postgres else ["sqlite"]:
        for round_ in range(args.rounds):
            for app in apps if round_ % 2 == 0 else apps[::-1]:
                print(line(app, backend, one_run(app, backend, args)), flush=True)


if __name__ == "__main__":
    main()
