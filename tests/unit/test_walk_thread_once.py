"""Two `/assess <topic>` at once, both finding the walk without a thread, both post one: the
thread written down first is the walk's. The later one is not taken over it (the questions asked
in the first would be left in a thread the walk no longer knows); it is returned as a Stray, its
parent, question and summary to delete."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.walk.thread import Stray, posted
from bot.workflows.walk.views import Shown
from store.models import Walk
from tests.factories import add_cycle

NOW = datetime(2027, 2, 8, 15, tzinfo=UTC)


def new_walk(sessions: sessionmaker[Session]) -> int:
    cycle_id = add_cycle(sessions, now=NOW)
    with sessions() as s, s.begin():
        walk = Walk(
            cycle_id=cycle_id, jurisdiction_code="TX", slack_user_id="UPOC", topic="housing",
            channel_id="C0WALK", current_recommendation_id="HOU-1", created_at=NOW,
            updated_at=NOW,
        )  # fmt: skip
        s.add(walk)
        s.flush()
        return walk.id


def record(
    sessions: sessionmaker[Session], catalog: Catalog, walk_id: int, parent: str, q: str
) -> Shown | Stray | None:
    with sessions() as s, s.begin():
        return posted(s, catalog, walk_id=walk_id, thread=("C0WALK", parent), asked=("HOU-1", q))


def test_the_first_thread_written_down_stays_the_walk_s(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    walk_id = new_walk(sessions)
    assert record(sessions, catalog, walk_id, "100.000001", "100.000002") is None
    late = record(sessions, catalog, walk_id, "99.000001", "99.000002")
    assert late == Stray("C0WALK", ("99.000002", "99.000001"))
    with sessions() as s:
        walk = s.scalars(select(Walk)).one()
        assert (walk.thread_ts, walk.messages) == ("100.000001", {"HOU-1": ["100.000002"]})
        assert walk.current_message_ts == "100.000002"


def test_the_same_thread_written_down_twice_is_no_stray(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    walk_id = new_walk(sessions)
    record(sessions, catalog, walk_id, "100.000001", "100.000002")
    assert not isinstance(record(sessions, catalog, walk_id, "100.000001", "100.000003"), Stray)
