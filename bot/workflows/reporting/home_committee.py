"""The Committee's App Home: every jurisdiction's progress and hand-in, and the newest data access
and deletions. A fixed number of queries; jurisdictions and hand-ins are read as columns."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.workflows.people.membership import active_rows
from bot.workflows.people.names import display_names
from bot.workflows.privacy.audit import recent
from bot.workflows.reporting.home_model import Home, Row, Submitted, cycle_info
from store.enums import Role
from store.models import Answer, Cycle, Jurisdiction, Submission

MAX_AUDIT = 5


def committee_home(
    session: Session, catalog: Catalog, user: str, cycle: Cycle | None, now: datetime
) -> Home:
    answered: dict[str, int] = {}
    submitted: dict[str, Submitted] = {}
    if cycle is not None:
        counts = session.execute(
            select(Answer.jurisdiction_code, func.count())
            .where(Answer.cycle_id == cycle.id, Answer.status.is_not(None))
            .group_by(Answer.jurisdiction_code)
        )
        answered = {str(row[0]): int(row[1]) for row in counts}
        for code, at, by in session.execute(
            select(Submission.jurisdiction_code, Submission.submitted_at, Submission.submitted_by)
            .where(Submission.cycle_id == cycle.id, Submission.reopened_at.is_(None))
            .order_by(Submission.id)
        ):
            submitted[code] = Submitted(at, by)
    pocs = {p.jurisdiction_code: p.slack_user_id for p in active_rows(session, role=Role.POC)}
    names = display_names(session, [*pocs.values(), *(s.by for s in submitted.values())])
    named = {code: replace(s, by_name=names[s.by]) for code, s in submitted.items()}
    rows = tuple(
        Row(
            code,
            name,
            pocs.get(code, ""),
            answered.get(code, 0),
            named.get(code),
            names[pocs.get(code, "")],
        )
        for code, name in session.execute(
            select(Jurisdiction.code, Jurisdiction.name).order_by(Jurisdiction.name)
        )
    )
    return Home(
        "committee",
        user,
        cycle=cycle_info(cycle, now, "UTC"),
        rows=rows,
        total=len(catalog.recommendations),
        audit=tuple(recent(session, limit=MAX_AUDIT)),
    )
