"""A submission reads every Home it redraws in its own unit of work, not one transaction each."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.e2e.test_submission import fill
from tests.factories import add_participant
from tests.slack_driver import SlackDriver


def test_submitting_redraws_25_committee_homes_from_one_unit_of_work(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    for n in range(24):
        add_participant(db, f"UCOM{n:02}", None, "committee", now=clock.now)
    fill(db, catalog, clock.now)
    slack.command("UPOC", "submit")
    began: list[Session] = []

    def count(session: Session, *_: object) -> None:
        began.append(session)

    event.listen(db, "after_begin", count)
    try:
        slack.submit("UPOC", fake.views("UPOC")[-1], {})
    finally:
        event.remove(db, "after_begin", count)
    published = [c for c in fake.calls() if c.method == "views.publish"]
    assert len(published) == 25  # the POC and 24 of the 25 Committee members (the cap)
    # The submission with its Homes: one; the rest is the outbox sending the Committee's line.
    assert len(began) <= 5, f"{len(began)} transactions"
