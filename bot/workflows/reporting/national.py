"""The national report's data: scores and adoption across jurisdictions, every jurisdiction's
progress, the practices the Committee features, and the change since an earlier cycle
(bot/reports renders it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import Adoption, adoption, in_scope
from bot.workflows.reporting.evidence import Evidence, load_evidence
from bot.workflows.reporting.national_change import NationalChange, national_change, trend
from bot.workflows.reporting.notes import TopicNotes, promising_practices
from bot.workflows.reporting.progress import all_cycles, pick_earlier
from bot.workflows.reporting.report_card import Standing, standing_of
from bot.workflows.reporting.scoring import Scorecard, scorecards

STATES = {"submitted": "submitted", "reopened": "reopened", "not_submitted": "not submitted"}


@dataclass(frozen=True)
class Progress:
    code: str
    name: str
    answered: int
    total: int
    submitted_at: datetime | None
    state: str = "not_submitted"  # submitted | reopened | not_submitted

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def state_label(self) -> str:
        return STATES[self.state]


@dataclass(frozen=True)
class Ranked:
    """A counted jurisdiction's scores, for the ranking and the map."""

    code: str
    name: str
    card: Scorecard


@dataclass(frozen=True)
class NationalReport:
    adoption: Adoption
    progress: tuple[Progress, ...]  # every jurisdiction, counted or not
    standing: Standing | None = None  # the national spread and the method
    ranked: tuple[Ranked, ...] = ()  # the counted jurisdictions, highest score first
    practices: tuple[TopicNotes, ...] = ()  # the practices the Committee features
    change: NationalChange | None = None  # since an earlier cycle
    trend: tuple[tuple[str, float | None], ...] = ()  # (cycle, national median), oldest first

    @property
    def submitted(self) -> int:
        return sum(1 for p in self.progress if p.state == "submitted")


def national_report(
    session: Session,
    catalog: Catalog,
    *,
    cycle: str | None,
    scope: str,
    now: datetime,
    compare_with: str | None = None,
) -> NationalReport:
    evidence = load_evidence(session, cycle=cycle)
    places = in_scope(evidence, scope)
    cards = scorecards(catalog, evidence, [p.code for p in places])
    names = {p.code: p.name for p in places}
    ranked = sorted(
        (Ranked(c.code, names[c.code], c) for c in cards),
        key=lambda r: (-(r.card.overall.value or 0.0), r.name),
    )
    cycles = all_cycles(session)
    current = next(c for c in cycles if c.id == evidence.cycle_id)
    earlier = pick_earlier(cycles, current, compare_with)
    change = None
    if earlier is not None:
        before = load_evidence(session, cycle=earlier.name)
        change = national_change(catalog, before, evidence, scope)
    return NationalReport(
        adoption(catalog, evidence, scope=scope, now=now),
        progress(catalog, evidence, set(evidence.reopened)),
        standing_of(catalog, evidence, scope),
        tuple(ranked),
        promising_practices(catalog, evidence),
        change,
        trend(session, catalog, scope, cycles[: cycles.index(current) + 1]),
    )


def progress(
    catalog: Catalog, evidence: Evidence, reopened: set[str] | None = None
) -> tuple[Progress, ...]:
    """Answers given per jurisdiction (recommendations of the current catalog only)."""
    ids = catalog.by_id
    total = len(catalog.recommendations)
    again = reopened or set()
    return tuple(
        Progress(
            p.code,
            p.name,
            sum(1 for a in evidence.of(p.code).values() if a.status and a.rec_id in ids),
            total,
            p.submitted_at,
            "submitted" if p.submitted_at else "reopened" if p.code in again else "not_submitted",
        )
        for p in evidence.places
    )
