"""Two cycles with answers whose changes are known by hand: 2025 (closed) and 2026 (open).

Texas, first topic R1..R5 and second topic S1:
    2025: R1 Tier I, R2 not yet, R3 Tier II, R4 Tier II, R5 not sure, S1 not yet (by UOLD)
    2026: R1 Tier II, R2 Tier I, R3 Tier I, R4 Tier II, R5 Tier II, S1 Tier II (by UTXPOC)
so the first topic goes from 2 to 3 Tier II (+1) and 1 to 2 Tier I (+1), the second from 0 to 1
Tier II (+1); R1, R2 and S1 moved up, R3 down (R5 was not weighed in 2025). Scores 2026: first
topic (1 + .5 + .5 + 1 + 1) / 5 = 80%, second 100%, overall 5 / 6 = 83%.
California (submitted both years): R1 Tier II, R2 not applicable in both: 100% in both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.cycles import close_cycle
from bot.workflows.people import names
from tests.factories import add_cycle, add_participant
from tests.reporting.world import record, submit

THEN = datetime(2025, 3, 1, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
OLD_2025 = "2025 State Self-Assessment"
NEW_2026 = "2026 State Self-Assessment"
PEOPLE = {
    "UTXPOC": "Dmitri Fitzgerald",
    "UOLD": "Ana Old-Poc",
    "UCAPOC": "Carla Reyes",
    "UPOC": "Sam Submitter",
}
TEXAS = {
    OLD_2025: ("tier_1", "not_yet", "tier_2", "tier_2", "unsure", "not_yet"),
    NEW_2026: ("tier_2", "tier_1", "tier_1", "tier_2", "tier_2", "tier_2"),
}


def ids(catalog: Catalog) -> tuple[list[str], str]:
    """R1..R5 of the first topic, S1 of the second."""
    first = [r.id for r in catalog.in_topic(catalog.topics[0].slug)[:5]]
    return first, catalog.in_topic(catalog.topics[1].slug)[0].id


def two_cycles(sessions: sessionmaker[Session], catalog: Catalog) -> tuple[int, int]:
    first, s1 = ids(catalog)
    found = []
    for name, at, by, agency in (
        (OLD_2025, THEN, "UOLD", "Old Agency"),
        (NEW_2026, NOW, "UTXPOC", "Texas DFPS"),
    ):
        cycle_id = add_cycle(sessions, now=at, name=name, deadline=date(at.year, 3, 31))
        with sessions() as s, s.begin():
            for rec_id, status in zip([*first, s1], TEXAS[name], strict=True):
                notes = "Our MDT protocol <b>adopted</b> & funded" if rec_id == first[0] else None
                record(s, cycle_id, "TX", rec_id, status, by=by, agency=agency, notes=notes, now=at)
            record(s, cycle_id, "CA", first[0], "tier_2", by="UCAPOC", now=at)
            record(s, cycle_id, "CA", first[1], "not_applicable", by="UCAPOC", now=at)
            submit(s, cycle_id, "TX", now=at)
            submit(s, cycle_id, "CA", now=at)
            if name == OLD_2025:
                close_cycle(s, now=at)
        found.append(cycle_id)
    add_participant(sessions, "UTXPOC", "TX", "poc", now=NOW, agency="Texas DFPS")
    add_participant(sessions, "UCOM", None, "committee", now=NOW)
    with sessions() as s, s.begin():
        names.remember(s, PEOPLE, now=NOW)
    return found[0], found[1]
