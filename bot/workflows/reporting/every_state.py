"""Every jurisdiction's report of a cycle, for the reports that show them all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.national import NationalReport
from bot.workflows.reporting.report import StateReport, state_report


def every_state(
    session: Session,
    catalog: Catalog,
    national: NationalReport,
    *,
    cycle: str | None,
    now: datetime,
    compare_with: str | None = None,
) -> Iterator[StateReport]:
    """The state reports in the national report's order, read one at a time: a caller may hand
    each on (to a printer, a worker) before the next is read."""
    for place in national.progress:
        yield state_report(
            session,
            catalog,
            jurisdiction=place.code,
            cycle=cycle,
            now=now,
            compare_with=compare_with,
            context=national.standing,  # computed once for every state
        )
