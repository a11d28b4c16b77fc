"""What one answer click costs the database: one unit of work plus the bookkeeping of the new
question's timestamp, the walk topic's answers read once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, Transcript

# Under the jurisdiction lock: walk, cycle and submission check, the person's roles, the
# topic's answers; the answer and its history row; the walk. Then, locked again, the new
# question's timestamp: the walk read and written.
STATEMENTS_PER_CLICK = 10


@dataclass
class Tally:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0

    def reading(self, table: str) -> int:
        return sum(1 for s in self.statements if s.startswith("SELECT") and f"FROM {table}" in s)


@contextmanager
def counted(engine: Engine) -> Iterator[Tally]:
    tally = Tally()

    def statement(*args: object) -> None:
        sql = " ".join(str(args[2]).split())
        if sql != "BEGIN IMMEDIATE":  # SQLite's transaction start (store.sqlite), not work
            tally.statements.append(sql)

    def begin(*_args: object) -> None:
        tally.transactions += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield tally
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)


def test_an_answer_click_is_one_unit_of_work_and_ten_statements(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    transcript.new()
    with counted(db.kw["bind"]) as tally:
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")
    transcript.expect("chat.update", "chat.postMessage")
    assert tally.transactions == 2, tally.statements
    assert len(tally.statements) == STATEMENTS_PER_CLICK, tally.statements
    assert tally.reading("answers") == 1, "the answer set is read once"
    assert tally.reading("cycles") == 0, "the cycle comes with the walk"


def test_resuming_a_walk_is_one_unit_of_work(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    start(slack, fake)
    with counted(db.kw["bind"]) as tally:
        slack.command("UPOC", "housing")
    # The open question is posted again at the end: the second is its timestamp's bookkeeping.
    assert tally.transactions == 2, tally.statements
    assert tally.reading("answers") == 1
