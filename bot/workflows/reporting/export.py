"""Read models for exports: frozen rows, one per jurisdiction and recommendation, or per change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog, Recommendation
from bot.workflows.errors import NotFound
from bot.workflows.jurisdictions import all_codes
from bot.workflows.people.names import display_names, label
from store.enums import CycleStatus
from store.models import Answer, AnswerHistory, Cycle

# Slack user ids stay inside the bot: every export names people (see `AnswerRow`).
NOT_EXPORTED = {"exported": False}

# Shown for answers whose recommendation left the catalog (e.g. after the official import),
# so an export never drops a state's recorded work silently.
RETIRED = "(not in the current catalog)"


@dataclass(frozen=True)
class AnswerRow:
    jurisdiction: str
    cycle: str
    topic: str
    recommendation_id: str
    recommendation: str
    status: str | None
    notes: str
    resources_needed: str
    # Exports are read by people: the display name, else the id with the agency beside it.
    answered_by_name: str
    agency: str
    answered_at: datetime | None
    answered_by: str = field(default="", metadata=NOT_EXPORTED)  # the Slack id, for the bot


@dataclass(frozen=True)
class HistoryRow:
    jurisdiction: str
    cycle: str
    topic: str
    recommendation_id: str
    recommendation: str
    version: int
    before_status: str | None
    after_status: str | None
    before_notes: str
    after_notes: str
    before_resources_needed: str
    after_resources_needed: str
    changed_by_name: str  # the display name, else the id with the agency beside it
    agency: str
    changed_at: datetime
    source: str
    changed_by: str = field(default="", metadata=NOT_EXPORTED)  # the Slack id, for the bot


def export_cycle(session: Session, name: str | None = None) -> Cycle:
    """The cycle called `name`; by default the open one, else the most recent."""
    query = select(Cycle).order_by((Cycle.status == CycleStatus.OPEN).desc(), Cycle.id.desc())
    if name is not None:
        query = query.where(Cycle.name == " ".join(name.split()))
    cycle = session.scalars(query).first()
    if cycle is None:
        raise NotFound(f"No cycle named {name!r}." if name else "No assessment cycle exists yet.")
    return cycle


def answer_rows(
    session: Session, catalog: Catalog, cycle: Cycle, *, jurisdiction: str | None = None
) -> list[AnswerRow]:
    """Every jurisdiction and recommendation in catalog order; unanswered ones have no status."""
    query = select(Answer).where(Answer.cycle_id == cycle.id)
    if jurisdiction is not None:
        query = query.where(Answer.jurisdiction_code == jurisdiction)
    found = {(a.jurisdiction_code, a.recommendation_id): a for a in session.scalars(query)}
    names = display_names(session, (a.answered_by for a in found.values()))
    codes = [jurisdiction] if jurisdiction else all_codes(session)
    rows = [
        _answer_row(
            cycle, code, rec.id, _describe(catalog, rec), found.pop((code, rec.id), None), names
        )
        for code in codes
        for rec in _in_report_order(catalog)
    ]
    leftovers = sorted(found.values(), key=lambda a: (a.jurisdiction_code, a.recommendation_id))
    rows += [
        _answer_row(cycle, a.jurisdiction_code, a.recommendation_id, ("", RETIRED), a, names)
        for a in leftovers
    ]
    return rows


def history_rows(
    session: Session, catalog: Catalog, cycle: Cycle, *, jurisdiction: str | None = None
) -> list[HistoryRow]:
    """Every recorded change of the cycle's answers, oldest first."""
    query = select(AnswerHistory).where(AnswerHistory.cycle_id == cycle.id)
    if jurisdiction is not None:
        query = query.where(AnswerHistory.jurisdiction_code == jurisdiction)
    changes = list(session.scalars(query.order_by(AnswerHistory.id)))
    names = display_names(session, (h.changed_by for h in changes))
    return [
        _history_row(cycle, h, _describe(catalog, catalog.by_id.get(h.recommendation_id)), names)
        for h in changes
    ]


def people_in_export(
    session: Session, cycle: Cycle, *, jurisdiction: str | None = None, history: bool = False
) -> list[str]:
    """Everyone an export of the cycle names (who answered, or who changed an answer), so their
    names can be asked of Slack before it is written."""
    by = AnswerHistory.changed_by if history else Answer.answered_by
    table = AnswerHistory if history else Answer
    query = select(by).distinct().where(table.cycle_id == cycle.id)
    if jurisdiction is not None:
        query = query.where(table.jurisdiction_code == jurisdiction)
    return sorted(u for u in session.scalars(query) if u)


def _in_report_order(catalog: Catalog) -> list[Recommendation]:
    return [rec for topic in catalog.topics for rec in catalog.in_topic(topic.slug)]


def _describe(catalog: Catalog, rec: Recommendation | None) -> tuple[str, str]:
    """(topic name, recommendation text)."""
    if rec is None:
        return ("", RETIRED)
    return (catalog.topic(rec.topic).name, rec.text)


def _answer_row(
    cycle: Cycle,
    code: str,
    rec_id: str,
    described: tuple[str, str],
    answer: Answer | None,
    names: dict[str, str],
) -> AnswerRow:
    return AnswerRow(
        jurisdiction=code,
        cycle=cycle.name,
        topic=described[0],
        recommendation_id=rec_id,
        recommendation=described[1],
        status=answer.status if answer else None,
        notes=answer.notes if answer else "",
        resources_needed=answer.resources_needed if answer else "",
        answered_by=answer.answered_by if answer else "",
        answered_by_name=_person(answer.answered_by, answer.agency, names) if answer else "",
        agency=answer.agency if answer else "",
        answered_at=answer.answered_at if answer and answer.status else None,
    )


def _history_row(
    cycle: Cycle, change: AnswerHistory, described: tuple[str, str], names: dict[str, str]
) -> HistoryRow:
    return HistoryRow(
        jurisdiction=change.jurisdiction_code,
        cycle=cycle.name,
        topic=described[0],
        recommendation_id=change.recommendation_id,
        recommendation=described[1],
        version=change.version,
        before_status=change.before_status,
        after_status=change.after_status,
        before_notes=change.before_notes,
        after_notes=change.after_notes,
        before_resources_needed=change.before_resources,
        after_resources_needed=change.after_resources,
        changed_by=change.changed_by,
        changed_by_name=_person(change.changed_by, change.agency, names),
        agency=change.agency,
        changed_at=change.changed_at,
        source=change.source,
    )


def _person(user: str, agency: str, names: dict[str, str]) -> str:
    return label(user, names[user], agency)
