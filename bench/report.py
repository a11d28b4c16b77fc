"""The numbers of bench/concurrency.py: one line per run, and the markdown table of RESULTS.md."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.crowd import ROOT, Outcome


def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass
class Row:
    app: str  # "bot", "minimal" or "before" (the bot from an older checkout)
    backend: str
    n: int
    out: Outcome
    expected: int  # clicks that should each record one answer
    recorded: tuple[int, int] | None  # (answers, history rows); None for the minimal app

    @property
    def clicks(self) -> int:
        return len(self.out.nexts)

    @property
    def rate(self) -> float:
        return self.clicks / self.out.seconds if self.out.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.out.cpu_seconds / max(self.clicks, 1)

    @property
    def non_200(self) -> int:
        return sum(1 for s in self.out.statuses if s != 200)

    @property
    def lost_dup(self) -> str:
        if self.recorded is None:
            return "-"
        answers, history = self.recorded
        return f"{self.expected - answers}/{history - answers}"

    def line(self) -> str:
        o = self.out
        return (
            f"{self.backend:10} N={self.n:<3} {self.app:8} clicks {self.clicks}/{self.expected}"
            f"  ack p50/p99 {pct(o.acks, 50):.1f}/{pct(o.acks, 99):.1f} ms"
            f"  next p50/p95/p99 {pct(o.nexts, 50):.1f}/{pct(o.nexts, 95):.1f}/"
            f"{pct(o.nexts, 99):.1f} ms  {self.rate:.0f} clicks/s  CPU {self.cpu_ms:.1f} ms/click"
            f"  RSS {o.peak_rss_mb:.0f} MB PSS {o.pss_mb:.0f} MB ({o.workers} workers)"
            f"  non-200 {self.non_200}"
            f"  lost/dup {self.lost_dup}  errors {len(o.errors)}"
            + (f"  first error: {o.errors[0]}" if o.errors else "")
        )


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def span(values: list[float], digits: int = 0) -> str:
    lo, hi = min(values), max(values)
    fmt = f"{{:.{digits}f}}"
    return (
        fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}-{fmt.format(hi)}"
    )


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| DB | N | app | ack p50 | ack p99 | next p50 | next p95 | next p99 | clicks/s "
        "| CPU ms/click | peak RSS MB | PSS MB | non-200 | lost/dup |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in dict.fromkeys((r.backend, r.n, r.app) for r in rows):
        group = [r for r in rows if (r.backend, r.n, r.app) == key]
        o = [r.out for r in group]
        lines.append(
            f"| {key[0]} | {key[1]} | {key[2]} | {span([pct(x.acks, 50) for x in o], 1)} "
            f"| {span([pct(x.acks, 99) for x in o], 1)} | {span([pct(x.nexts, 50) for x in o], 1)} "
            f"| {span([pct(x.nexts, 95) for x in o], 1)} "
            f"| {span([pct(x.nexts, 99) for x in o], 1)} "
            f"| {span([r.rate for r in group])} | {span([r.cpu_ms for r in group], 1)} "
            f"| {span([x.peak_rss_mb for x in o])} | {span([x.pss_mb for x in o])} "
            f"| {sum(r.non_200 for r in group)} "
            f"| {', '.join(r.lost_dup for r in group)} |"
        )
    return lines


def ratios(rows: list[Row]) -> list[str]:
    """bot / minimal within the same round (each bot run against the minimal run beside it)."""
    lines = [
        "| DB | N | app | next p99 ratio (≤ 2) | clicks/s ratio (≥ 0.6) | CPU/click ratio "
        "| peak RSS ratio (≤ 2) | PSS ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, n, app in dict.fromkeys((r.backend, r.n, r.app) for r in rows):
        if app == "minimal":
            continue
        bots = [r for r in rows if (r.backend, r.n, r.app) == (backend, n, app)]
        mins = [r for r in rows if (r.backend, r.n, r.app) == (backend, n, "minimal")]
        pairs = list(zip(bots, mins, strict=False))
        if not pairs:
            continue
        lines.append(
            f"| {backend} | {n} | {app} "
            f"| {span([ratio(pct(b.out.nexts, 99), pct(m.out.nexts, 99)) for b, m in pairs], 2)} "
            f"| {span([ratio(b.rate, m.rate) for b, m in pairs], 2)} "
            f"| {span([ratio(b.cpu_ms, m.cpu_ms) for b, m in pairs], 2)} "
            f"| {span([ratio(b.out.peak_rss_mb, m.out.peak_rss_mb) for b, m in pairs], 2)} "
            f"| {span([ratio(b.out.pss_mb, m.out.pss_mb) for b, m in pairs], 2)} |"
        )
    return lines


def whole_walks(rows: list[Row]) -> list[str]:
    """N=1 walks all 127: the sum of click -> next question bounds the server time."""
    return [
        f"- one person's {r.clicks}-answer walk on {r.backend} ({r.app}): "
        f"{sum(r.out.nexts) / 1000:.2f} s of click -> next question in all"
        for r in rows
        if r.app != "minimal" and r.n == 1
    ]


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({model}), "
        f"{int(mem) // 1024 // 1024} GiB, Python {platform.python_version()}, load {load}"
    )


def write_results(
    rows: list[Row], args: argparse.Namespace, argv: list[str], output: Path | None
) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    text = "\n".join(
        [
            f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
            "",
            f"- command: `python bench/concurrency.py {' '.join(argv[1:])}`",
            f"- machine: {machine()}",
            f"- {args.rounds} round(s) per N, bot and minimal app alternating; ranges are "
            "min-max over rounds; latencies in ms",
            "",
            *table(rows),
            "",
            *ratios(rows),
            "",
            *whole_walks(rows),
            "",
        ]
    )
    print(text)
    if output is not None:
        with output.open("a") as handle:
            handle.write(text + "\n")
