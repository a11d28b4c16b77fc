"""The national report's data: adoption across jurisdictions and every jurisdiction's progress
(bot/reports renders it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import Adoption, adoption
from bot.workflows.reporting.evidence import Evidence, load_evidence
from bot.workflows.reporting.ranking import Ranked, previous_cycle, ranking


@dataclass(frozen=True)
class Progress:
    code: str
    name: str
    answered: int
    total: int
    submitted_at: datetime | None

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


@dataclass(frozen=True)
class NationalReport:
    adoption: Adoption
    progress: tuple[Progress, ...]  # every jurisdiction, counted or not
    ranking: tuple[Ranked, ...] = ()  # every jurisdiction, the scored ones first


def national_report(
    session: Session, catalog: Catalog, *, cycle: str | None, scope: str, now: datetime
) -> NationalReport:
    evidence = load_evidence(session, cycle=cycle)
    before = previous_cycle(session, evidence)
    return NationalReport(
        adoption(catalog, evidence, scope=scope, now=now),
        progress(catalog, evidence),
        ranking(catalog, evidence, scope=scope, before=before),
    )


def progress(catalog: Catalog, evidence: Evidence) -> tuple[Progress, ...]:
    """Answers given per jurisdiction (recommendations of the current catalog only)."""
    ids = catalog.by_id
    total = len(catalog.recommendations)
    return tuple(
        Progress(
            p.code,
            p.name,
            sum(1 for a in evidence.of(p.code).values() if a.status and a.rec_id in ids),
            total,
            p.submitted_at,
        )
        for p in evidence.places
    )
