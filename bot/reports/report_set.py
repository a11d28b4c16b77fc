"""`report all`: every jurisdiction's report, the national one and an index page linking them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.reports.national import render_national
from bot.reports.state import report_bytes
from bot.workflows.reporting.every_state import every_state
from bot.workflows.reporting.national import national_report
from messages import Renderer


@dataclass(frozen=True)
class Entry:
    file: str
    title: str
    answered: int
    total: int
    submitted: bool
    state: str = "not submitted"  # submitted | reopened | not submitted


def report_set(
    session: Session,
    catalog: Catalog,
    render: Renderer,
    *,
    fmt: str,
    cycle: str | None,
    scope: str,
    now: datetime,
    compare_with: str | None = None,
) -> list[tuple[str, bytes]]:
    """(file name, bytes) per file, the index first; the index is HTML unless `fmt` is md."""
    national = national_report(
        session, catalog, cycle=cycle, scope=scope, now=now, compare_with=compare_with
    )
    files = [(f"national.{fmt}", render_national(render, national, fmt))]
    entries = []
    states = every_state(
        session, catalog, national, cycle=cycle, now=now, compare_with=compare_with
    )
    for place, found in zip(national.progress, states, strict=True):
        name = f"{place.code}.{fmt}"
        files.append((name, report_bytes(render, found, fmt)))
        submitted = found.submission.state == "submitted"
        entries.append(
            Entry(
                name, found.jurisdiction, found.answered, found.total, submitted, place.state_label
            )
        )
    kind = "md" if fmt == "md" else "html"
    index = render.text(
        f"reports/index.{kind}.j2",
        cycle_name=national.adoption.cycle_name,
        national=files[0][0],
        entries=entries,
        generated_at=national.adoption.generated_at,
    )
    return [(f"index.{kind}", (index + "\n").encode("utf-8")), *files]
