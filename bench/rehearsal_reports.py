"""The rehearsal's report checks: the national report's numbers equal the Committee's export,
and every state report agrees with that state's exported rows. The export is read back from its
CSV, as the Committee would open it; the reports are the data the Committee's PDFs print."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.reporting.export_files import export_files
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from bot.workflows.reporting.tally import NO_ANSWER
from store.models import Submission

Rows = dict[str, dict[str, str]]  # code -> recommendation -> status ("" unanswered)


def exported(session: Session, catalog: Catalog, committee: str) -> Rows:
    """The answers export (CSV) as the Committee gets it, by jurisdiction and recommendation."""
    export = export_files(session, catalog, user=committee, history=False)
    text = next(f for f in export.files if f.name.endswith(".csv")).content.decode("utf-8")
    rows: Rows = defaultdict(dict)
    for row in csv.DictReader(io.StringIO(text)):
        rows[row["jurisdiction"]][row["recommendation_id"]] = row["status"]
    return rows


def reports_agree(
    session: Session, catalog: Catalog, committee: str, codes: list[str], now: datetime
) -> list[str]:
    rows = exported(session, catalog, committee)
    problems = _national(session, catalog, rows, now)
    for code in codes:
        problems += _state(session, catalog, rows[code], code, now)
    return problems


def _national(session: Session, catalog: Catalog, rows: Rows, now: datetime) -> list[str]:
    problems: list[str] = []
    standing = {
        code for code, reopened in session.execute(
            select(Submission.jurisdiction_code, Submission.reopened_at)
        ) if reopened is None
    }  # fmt: skip
    for scope in ("all", "submitted"):
        report = national_report(session, catalog, cycle=None, scope=scope, now=now)
        for place in report.progress:
            answered = sum(1 for status in rows[place.code].values() if status)
            if place.answered != answered:
                problems.append(f"national {place.code}: {place.answered} answered, export "
                                f"{answered}")  # fmt: skip
            if (place.state == "submitted") != (place.code in standing):
                problems.append(f"national {place.code}: {place.state}, submissions disagree")
        counted = report.adoption.codes
        if scope == "submitted" and set(counted) != standing:
            problems.append(f"national ({scope}) counts {sorted(counted)}, not {sorted(standing)}")
        for topic in report.adoption.topics:
            for rec in topic.recommendations:
                given = Counter(rows[code].get(rec.id, "") for code in counted)
                for share in rec.tally.shares:
                    want = given[share.value] if share.value != NO_ANSWER else given[""]
                    if share.count != want:
                        problems.append(f"national ({scope}) {rec.id} {share.value}: "
                                        f"{share.count}, export {want}")  # fmt: skip
    return problems


def _state(
    session: Session, catalog: Catalog, mine: dict[str, str], code: str, now: datetime
) -> list[str]:
    report = state_report(session, catalog, jurisdiction=code, cycle=None, now=now)
    problems = [
        f"{code} report: {line.id} {line.value}, export {mine.get(line.id) or None}"
        for topic in report.topics
        for line in topic.recommendations
        if (line.value or "") != mine.get(line.id, "")
    ]
    answered = sum(1 for status in mine.values() if status)
    if report.answered != answered:
        problems.append(f"{code} report: {report.answered} answered, export {answered}")
    labels = {o.value: o.label for o in catalog.scale}
    counts = Counter(labels[s] for s in mine.values() if s in labels)
    for label, n in report.counts:
        if label in labels.values() and n != counts[label]:
            problems.append(f"{code} report: {n} {label!r}, export {counts[label]}")
    return problems
