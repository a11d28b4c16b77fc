"""A small, hand-countable set of answers for the Committee's views, and a large one for the
statement-count checks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.walk import answers
from store.models import Submission
from tests.factories import add_cycle, add_participant

NOW = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
HOSTILE = "We run <script>alert(1)</script> & tell <!channel> *loud*"


def record(
    session: Session,
    cycle_id: int,
    code: str,
    rec_id: str,
    status: str | None,
    *,
    by: str = "USETUP",
    agency: str = "",
    notes: str | None = None,
    resources: str | None = None,
    now: datetime = NOW,
) -> None:
    answers.record(
        session,
        cycle_id=cycle_id,
        jurisdiction=code,
        rec_id=rec_id,
        actor=by,
        agency=agency,
        source="button",
        now=now,
        status=status,
        notes=notes,
        resources=resources,
    )


def submit(session: Session, cycle_id: int, code: str, *, now: datetime = NOW) -> None:
    session.add(
        Submission(cycle_id=cycle_id, jurisdiction_code=code, submitted_by="UPOC", submitted_at=now)
    )


def small_world(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    """The first topic's first three recommendations R1..R3:

    TX (submitted): R1 Tier II with a hostile note, R2 Tier I needing funds, R3 not applicable.
    CA (submitted): R1 Tier II, R2 not sure, R3 no answer.
    OH (in progress): R1 not yet, R2 Tier II with a note.
    """
    cycle_id = add_cycle(sessions, now=NOW)
    add_participant(sessions, "UTXPOC", "TX", "poc", now=NOW)
    add_participant(sessions, "UCOM", None, "committee", now=NOW)
    r1, r2, r3 = (r.id for r in catalog.in_topic(catalog.topics[0].slug)[:3])
    with sessions() as s, s.begin():
        record(s, cycle_id, "TX", r1, "tier_2", by="UTXPOC", agency="TX DFPS", notes=HOSTILE)
        record(s, cycle_id, "TX", r2, "tier_1", by="UTXPOC", resources="Funding for training")
        record(s, cycle_id, "TX", r3, "not_applicable", by="UTXPOC")
        record(s, cycle_id, "CA", r1, "tier_2")
        record(s, cycle_id, "CA", r2, "unsure")
        record(s, cycle_id, "OH", r1, "not_yet")
        record(s, cycle_id, "OH", r2, "tier_2", notes="OH work", agency="Ohio AG")
        submit(s, cycle_id, "TX")
        submit(s, cycle_id, "CA")
    return cycle_id


def wide_world(
    sessions: sessionmaker[Session], catalog: Catalog, codes: list[str], *, every: int = 1
) -> int:
    """Every `codes` jurisdiction answers every `every`-th recommendation; half have submitted."""
    from sqlalchemy import insert

    from store.models import Answer

    cycle_id = add_cycle(sessions, now=NOW)
    scale = [o.value for o in catalog.scale]
    rows = [
        {
            "cycle_id": cycle_id,
            "jurisdiction_code": code,
            "recommendation_id": rec.id,
            "status": scale[(n + i) % len(scale)],
            "notes": f"note {code} {rec.id}" if n % 3 == 0 else "",
            "resources_needed": "funds" if n % 5 == 0 else "",
            "answered_by": f"U{code}",
            "agency": f"{code} agency",
            "answered_at": NOW,
            "version": 1,
        }
        for i, code in enumerate(codes)
        for n, rec in enumerate(catalog.recommendations)
        if n % every == 0
    ]
    with sessions() as s, s.begin():
        s.execute(insert(Answer), rows)
        for code in codes[::2]:
            submit(s, cycle_id, code)
    for code in codes:
        add_participant(sessions, f"U{code}", code, "poc", now=NOW)
    add_participant(sessions, "UCOM", None, "committee", now=NOW)
    return cycle_id
