"""What one answer click costs the database: one unit of work, the walk and its topic's answers
read once; the new question's timestamp is written by the click on it, in its own unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, Transcript

# The jurisdiction lock; the walk with its cycle, submission check and the topic's answers; the
# person's roles; the answer and its history row; the walk (with the clicked message's ts).
STATEMENTS_PER_CLICK = 6


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


def test_an_answer_click_is_one_unit_of_work_and_six_statements(
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
    assert tally.transactions == 1, tally.statements
    assert len(tally.statements) == STATEMENTS_PER_CLICK, tally.statements
    reads = [s for s in tally.statements if s.startswith("SELECT")]
    assert len(reads) == 2, "the walk with its topic's answers, and the person's roles"
    assert "FROM walks" in reads[0] and "FROM answers" in reads[0], "the answers come with the walk"
    assert tally.reading("cycles") == 0


def test_resuming_a_walk_is_one_unit_of_work(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    parent = start(slack, fake)
    with counted(db.kw["bind"]) as tally:
        slack.command("UPOC", "housing")
    assert tally.transactions == 1, tally.statements
    assert tally.reading("answers") == 1
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    with counted(db.kw["bind"]) as tally:
        slack.command("UPOC", "housing")
    # HOU-2's timestamp, not yet written by a click on it, is found in the thread and written
    # down in a second, short unit of work; nothing is posted again.
    assert tally.transactions == 2, tally.statements
