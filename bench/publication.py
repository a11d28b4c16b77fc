"""The Committee's publication at full size: PDF reports through the real CLI.

56 jurisdictions x 127 answers (the data of bench/committee.py) in one SQLite file, then, as
the operator runs them, `python -m bot report state TX --format pdf`, `report national --format
pdf` and `report all --format pdf --out DIR`, each timed from process start to exit (imports
included). With --before OLD_CHECKOUT the same commands also run from an older checkout of the
project against the same database, alternating with this one, so both sets of numbers come
from the same load on a shared machine; compare the ratios, not the absolute seconds.

Targets: one state PDF <= 3 s, `report all --format pdf` (57 PDFs) <= 60 s on 2 cores.

Usage: python bench/publication.py [--before OLD_CHECKOUT] [--rounds 1] [--skip-all | --only all]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"state TX": 3.0, "all": 60.0}


POPULATE = """
import sys
sys.path.insert(0, ".")
from bench.committee import populate
from bot.catalog import load_catalog
from bot.settings import DEFAULT_CATALOG
from store.db import make_engine, make_session_factory
from store.migrate import upgrade
engine = make_engine(sys.argv[1])
upgrade(engine)
populate(make_session_factory(engine), load_catalog(DEFAULT_CATALOG))
"""


def prepare(checkout: Path, url: str) -> None:
    """The same data for each checkout, in a database its own migrations made."""
    subprocess.run(  # noqa: S603 - the project's own code
        [_python(checkout), "-c", POPULATE, url], cwd=checkout, check=True
    )


def _python(checkout: Path) -> str:
    python = checkout / ".venv" / "bin" / "python"
    return str(python if python.exists() else sys.executable)


def run(checkout: Path, url: str, args: list[str]) -> tuple[float, float]:
    """Seconds from starting `python -m bot ARGS` in `checkout` to its exit, and the CPU
    seconds (user + system) it and its worker processes used: on a loaded machine the wall
    time mostly measures the load, the CPU time much less so."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(checkout)}
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(  # noqa: S603 - the project's own CLI
        [_python(checkout), "-m", "bot", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, used = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {' '.join(args)} failed:\n{done.stderr}")
    return seconds, used


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def commands(out: Path, *, skip_all: bool) -> dict[str, list[str]]:
    found = {
        "state TX": ["report", "state", "TX", "--format", "pdf", "--out", str(out / "TX.pdf")],
        "national": ["report", "national", "--format", "pdf", "--out", str(out / "n.pdf")],
    }
    if not skip_all:
        found["all"] = ["report", "all", "--format", "pdf", "--out", str(out / "all")]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older checkout to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--skip-all", action="store_true", help="leave out `report all`")
    parser.add_argument("--only", choices=("state TX", "national", "all"), help="one command")
    args = parser.parse_args()
    checkouts = {"now": ROOT} | ({"before": args.before.resolve()} if args.before else {})
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        urls = {label: f"sqlite:///{Path(tmp) / label}.sqlite3" for label in checkouts}
        for label, checkout in checkouts.items():
            prepare(checkout, urls[label])
        for _ in range(args.rounds):
            for what, argv in commands(Path(tmp), skip_all=args.skip_all).items():
                if args.only and what != args.only:
                    continue
                for label, checkout in checkouts.items():
                    seconds, cpu = run(checkout, urls[label], argv)
                    results.setdefault((what, label), []).append((seconds, cpu))
                    print(f"{what:10} {label:7} {seconds:7.1f} s wall {cpu:7.1f} s CPU", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best of rounds")
    failed = False
    for what in dict.fromkeys(w for w, _ in results):
        now, now_cpu = min(results[(what, "now")])
        line = f"  {what:10} now {now:6.1f} s ({now_cpu:.1f} s CPU)"
        if (what, "before") in results:
            before, before_cpu = min(results[(what, "before")])
            line += (
                f"  before {before:6.1f} s ({before_cpu:.1f} s CPU)"
                f"  ratio {now / before:.2f} wall, {now_cpu / before_cpu:.2f} CPU"
            )
        target = TARGETS.get(what)
        if target is not None:
            line += f"  target <= {target:.0f} s: {'ok' if now <= target else 'OVER'}"
            failed |= now > target
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
