"""`/assess export [history]`: the answers (or every change) as CSV and XLSX files, for the
Committee (every jurisdiction) or a point of contact (their own)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows import policy
from bot.workflows.reporting.export import (
    AnswerRow,
    HistoryRow,
    answer_rows,
    export_cycle,
    history_rows,
    people_in_export,
)
from bot.workflows.reporting.export_format import columns, render
from bot.workflows.reporting.tables import Table, to_xlsx


@dataclass(frozen=True)
class ExportFile:
    name: str
    title: str
    content: bytes


@dataclass(frozen=True)
class Export:
    scope: str  # "every jurisdiction" or a USPS code
    cycle_name: str
    rows: int
    history: bool
    files: tuple[ExportFile, ...]


def export_scope(session: Session, *, user: str) -> str | None:
    """Whose answers `user` may export: None for every jurisdiction (the Committee), else
    their state's code; refused to anyone but the Committee and points of contact. Cheap, so
    the person hears a refusal, or that the export is being prepared, at once."""
    actor = policy.load_actor(session, user)
    code = None if actor.is_committee else (actor.home.jurisdiction if actor.home else None)
    policy.check(actor, policy.Action.EXPORT, jurisdiction=code)
    return code


def export_people(session: Session, *, code: str | None, history: bool) -> list[str]:
    """Everyone the export names, so the handler can ask Slack for the names not cached yet."""
    return people_in_export(session, export_cycle(session), jurisdiction=code, history=history)


def export_files(session: Session, catalog: Catalog, *, user: str, history: bool) -> Export:
    """CSV and XLSX of the open (else latest) cycle; refused to anyone but the Committee and
    points of contact."""
    code = export_scope(session, user=user)
    cycle = export_cycle(session)
    if history:
        changes = history_rows(session, catalog, cycle, jurisdiction=code)
        rows: list[AnswerRow] | list[HistoryRow] = changes
        names = columns(HistoryRow)
        text = render(changes, HistoryRow, "csv")
    else:
        answers = answer_rows(session, catalog, cycle, jurisdiction=code)
        rows, names, text = answers, columns(AnswerRow), render(answers, AnswerRow, "csv")
    kind = "changes" if history else "answers"
    stem = f"{kind}-{_slug(cycle.name)}" + (f"-{code}" if code else "")
    table = Table(kind, tuple(names), tuple(tuple(getattr(r, n) for n in names) for r in rows))
    title = f"{cycle.name}: {kind}" + (f" ({code})" if code else "")
    return Export(
        code or "every jurisdiction",
        cycle.name,
        len(rows),
        history,
        (
            ExportFile(f"{stem}.csv", f"{title} (CSV)", text.encode("utf-8")),
            ExportFile(f"{stem}.xlsx", f"{title} (Excel)", to_xlsx([table])),
        ),
    )


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "cycle"
