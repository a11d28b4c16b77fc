"""The rehearsal's figures and verdict: what was done, what was injected, what was found."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.rehearsal_chaos import Chaos
from bench.rehearsal_deploy import Deployment
from bench.rehearsal_faults import FaultyStandIn
from bench.rehearsal_ledger import Ledger
from store.models import OutboxMessage


@dataclass
class Figures:
    clicks: int = 0
    acknowledged: int = 0
    told: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    restarts: Counter[str] = field(default_factory=Counter)
    sent_by_kind: Counter[str] = field(default_factory=Counter)
    problems: dict[str, list[str]] = field(default_factory=dict)
    ack_p50: float = 0.0
    ack_p99: float = 0.0
    next_p50: float = 0.0
    next_p99: float = 0.0
    clicks_per_s: float = 0.0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    peak_connections: int = 0
    wall_seconds: float = 0.0
    submitted: int = 0
    reopened: int = 0
    notes: Counter[str] = field(default_factory=Counter)  # by what the person was told
    snoozes: int = 0
    asked: Counter[str] = field(default_factory=Counter)  # "Ask for changes": asked, answered…
    away: Counter[str] = field(default_factory=Counter)  # by what the person was told
    partners: int = 0  # partner agencies joined through Slack Connect
    phases: Counter[str] = field(default_factory=Counter)  # wall seconds by phase
    logged_errors: int = 0  # ERROR lines and tracebacks the processes logged (faults cause them)

    def ceilings(self, memory_mb: float, connections: int) -> None:
        over = [f"{k}: {v:.0f} MB > {memory_mb:.0f}" for k, v in self.peak_rss_mb.items()
                if v > memory_mb]  # fmt: skip
        if self.peak_connections > connections:
            over.append(f"{self.peak_connections} database connections > {connections}")
        self.problems["ceilings"] = over

    @property
    def passed(self) -> bool:
        return not any(self.problems.values())

    def count(self, name: str) -> int:
        return len(self.problems.get(name, []))

    def markdown(self, command: str) -> str:
        lines = [
            "## National rehearsal",
            "",
            f"`{command}` — {'PASSED' if self.passed else 'FAILED'} in {self.wall_seconds:.0f} s",
            "",
            f"- clicks {self.clicks}, acknowledged (HTTP 200) {self.acknowledged}; "
            f"told: {dict(self.told)}",
            f"- notes added {sum(self.notes.values())} (told: {dict(self.notes)}); snoozed until "
            f"Monday {self.snoozes}",
            f"- changes asked by POCs {self.asked['asked']} (told unknown "
            f"{self.asked['unknown']}), answered {self.asked['answered']}, accepted "
            f"{self.asked['accepted']}; away {sum(self.away.values())} (told: {dict(self.away)}); "
            f"partner agencies joined through Slack Connect {self.partners}",
            f"- submissions {self.submitted}, reopened {self.reopened}; error lines and "
            f"tracebacks logged by the processes {self.logged_errors}",
            f"- lost / duplicated / false: problems by check "
            f"{ {k: len(v) for k, v in self.problems.items()} }",
            f"- faults injected: {dict(sorted(self.faults.items()))}",
            f"- processes restarted by the supervisor: {dict(self.restarts)}",
            f"- messages sent by kind: {dict(sorted(self.sent_by_kind.items()))}",
            f"- clicks/s {self.clicks_per_s:.1f}; ack p50 {self.ack_p50:.0f} ms, p99 "
            f"{self.ack_p99:.0f} ms; click -> settled reply p50 {self.next_p50:.0f} ms, "
            f"p99 {self.next_p99:.0f} ms",
            f"- wall seconds by phase: { {k: round(v) for k, v in self.phases.items()} }",
            f"- peak RSS per process tree (MB): "
            f"{ {k: round(v) for k, v in self.peak_rss_mb.items()} }; "
            f"peak database connections {self.peak_connections}",
        ]
        for name, found in self.problems.items():
            lines += [f"  - {name}: {line}" for line in found[:10]]
        return "\n".join(lines) + "\n"


def _pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[q - 1]


def outcome(
    session: Session, ledger: Ledger, fake: FaultyStandIn, deploy: Deployment, chaos: Chaos,
    problems: dict[str, list[str]],
) -> Figures:  # fmt: skip
    clicks = ledger.clicks
    spans = [c.at for c in clicks]
    busy = max(spans) - min(spans) if len(spans) > 1 else 0.0
    sent = session.execute(
        select(OutboxMessage.kind, func.count())
        .where(OutboxMessage.status == "sent")
        .group_by(OutboxMessage.kind)
    ).all()
    return Figures(
        clicks=len(clicks),
        acknowledged=sum(1 for c in clicks if c.http == 200),
        told=Counter(c.told for c in clicks),
        faults=Counter(fake.faults),
        restarts=Counter(deploy.restarts),
        sent_by_kind=Counter({k: int(n) for k, n in sent}),
        problems=problems,
        ack_p50=_pct(ledger.acks_ms, 50),
        ack_p99=_pct(ledger.acks_ms, 99),
        next_p50=_pct([c.next_ms for c in clicks], 50),
        next_p99=_pct([c.next_ms for c in clicks], 99),
        clicks_per_s=len(clicks) / busy if busy else 0.0,
        peak_rss_mb=dict(deploy.peak_rss),
        peak_connections=chaos.peak_connections,
        submitted=sum(len(v) for v in ledger.submitted.values()),
        reopened=sum(len(v) for v in ledger.reopened.values()),
        notes=Counter(n.told for n in ledger.notes),
        snoozes=len(ledger.snoozes),
        asked=Counter(r.told for r in ledger.requests)
        + Counter(answered=sum(bool(r.answered) for r in ledger.requests))
        + Counter(accepted=sum(r.accepted for r in ledger.requests)),
        away=Counter(a.told for a in ledger.away),
        partners=len(ledger.partners),
    )
