"""The rehearsal's cycle checks find what they are there to find: a digest sent while a person
had snoozed until Monday, and a Monday without a status post."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from bench.rehearsal_cycle import mondays_posted, snoozes_kept
from bench.rehearsal_ledger import Ledger, Person
from bench.rehearsal_plan import Calendar
from store.models import OutboxMessage

AT = datetime(2027, 2, 10, 15, tzinfo=UTC)  # a Wednesday, 10:00 in New York
PERSON = Person("UA1", "TX", "agency", [], "DUA1", "America/New_York")


def sent(sessions: sessionmaker[Session], *keys: tuple[str, str]) -> None:
    with sessions() as session, session.begin():
        for key, kind in keys:
            session.add(OutboxMessage(idempotency_key=key, kind=kind, recipient="C", payload={},
                                      status="sent", send_after=AT, created_at=AT))  # fmt: skip


def test_a_digest_between_a_snooze_and_monday_is_found(sessions: sessionmaker[Session]) -> None:
    sent(sessions, ("digest:UA1:1:2027-02-12", "digest"), ("digest:UA1:1:2027-02-16", "digest"))
    ledger = Ledger()
    ledger.snoozed("UA1", AT)
    with sessions() as session:
        problems = snoozes_kept(session, ledger, [PERSON])
    # Friday is inside the snooze; Tuesday the 16th is the first working day after it
    # (Monday the 15th is Presidents' Day).
    assert problems == ["digest to UA1 on 2027-02-12, snoozed on 2027-02-10 until 2027-02-16"]


def test_a_monday_without_a_status_post_is_found(sessions: sessionmaker[Session]) -> None:
    sent(sessions, ("status-post:1:2027-02-08", "status_post"))
    calendar = Calendar(date(2027, 2, 8), date(2027, 2, 12), date(2027, 2, 16))
    with sessions() as session:
        assert mondays_posted(session, calendar) == ["no status post on Monday 2027-02-15"]
