"""The Committee's App Home, a POC's App Home, a reminder tick and the status post data run the
same number of SQL statements for 3 jurisdictions as for all 56 (10 people each, 127 answers
each changed five times): no query per jurisdiction or per person. Times are in bench/scale.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from store.jurisdictions import JURISDICTIONS
from tests.factories import add_cycle, add_participant
from tests.scale_world import codes, fill, reads

NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)  # a reminder day: 09:00 in Chicago, a week before


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(args[2])  # the statement

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements(
    engine: Engine, sessions: sessionmaker[Session], read: Callable[[Session], object]
) -> int:
    with counting(engine) as seen, sessions() as session:
        read(session)
    return len(seen)


def test_scale_reads_do_not_grow_with_the_jurisdictions(
    engine: Engine, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    cycle = add_cycle(sessions, now=NOW)
    add_participant(sessions, "UCOMMITTEE", None, "committee", now=NOW)
    fill(sessions, catalog, cycle, codes(3), now=NOW)
    work = reads(catalog, cycle, now=NOW)
    few = {name: statements(engine, sessions, read) for name, read in work.items()}
    fill(sessions, catalog, cycle, codes(len(JURISDICTIONS))[3:], now=NOW)
    many = {name: statements(engine, sessions, read) for name, read in work.items()}
    assert many == few
    opening = 1 if engine.dialect.name == "sqlite" else 0  # SQLite's BEGIN IMMEDIATE
    # The tick: the cycle, the jurisdictions, the people, answers counted per topic,
    # submissions, the keys queued before. The post: the cycle, submissions, answers counted per
    # jurisdiction, the jurisdictions, answers counted per recommendation, the previous post.
    assert many["reminder tick"] - opening <= 6
    assert many["status post data"] - opening <= 6
