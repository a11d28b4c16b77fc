"""PostgreSQL drops the bot's idle connections (a restart, `pg_terminate_backend`, a proxy's
idle timeout): the next click is recorded on a fresh connection, without a ping per checkout."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from store.models import AnswerHistory
from tests.e2e.test_walk import live_questions, start, thread
from tests.slack_driver import SlackDriver, text_of


def test_a_click_after_the_server_dropped_the_pools_connections_is_recorded(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    engine = db.kw["bind"]
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    parent = start(slack, fake)
    with ExitStack() as held:  # every connection the bot's pool holds, checked out at once
        pooled = [held.enter_context(engine.connect()) for _ in range(engine.pool.checkedin())]
        pids = [c.execute(text("SELECT pg_backend_pid()")).scalar_one() for c in pooled]
        for c in pooled:
            c.rollback()
    assert pids
    with create_engine(engine.url).connect() as side:  # a connection of its own, outside the pool
        for pid in pids:
            side.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    assert [text_of(e) for e in fake.ephemerals("UPOC")] == []
    assert live_questions(fake, parent) == ["HOU-2"]
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 1
