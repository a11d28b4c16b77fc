"""Submitting locks a jurisdiction's answers; reopening unlocks them; the outbox tells people."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.compose import Composer, slack_text
from bot.handlers import ids
from bot.workflows import policy
from bot.workflows.cycles import create_cycle
from bot.workflows.errors import InvalidInput, Locked, NotAllowed, NotFound
from bot.workflows.review import reopening, submission_views, submissions
from bot.workflows.walk import answers
from messages import Renderer
from store.models import OutboxMessage, Participant, Submission
from store.uow import UnitOfWork


@pytest.fixture
def render(catalog: Catalog) -> Composer:
    return Composer(Renderer(ids=ids.as_dict(), draft=catalog.is_draft))


def people(session: Session, now: datetime) -> None:
    for user, place, role in (
        ("UPOC", "TX", "poc"),
        ("UPOC2", "TX", "poc"),
        ("UAG", "TX", "agency"),
        ("UCA", "CA", "poc"),
        ("UCOM", None, "committee"),
    ):
        session.add(
            Participant(slack_user_id=user, jurisdiction_code=place, role=role, created_at=now)
        )


def answered(session: Session, catalog: Catalog, now: datetime, *, leave_open: int = 0) -> int:
    cycle = create_cycle(session, name="2027", deadline=date(2027, 3, 31), now=now)
    people(session, now)
    for rec in catalog.recommendations[: len(catalog.recommendations) - leave_open]:
        answers.record(
            session,
            cycle_id=cycle.id,
            jurisdiction="TX",
            rec_id=rec.id,
            actor="UAG",
            agency="TX Housing",
            source="button",
            now=now,
            status="tier_1",
        )
    return cycle.id


def outbox(session: Session) -> list[tuple[str, str]]:
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [(r.idempotency_key, r.recipient) for r in rows]


def test_summary_counts_per_status_and_topic_and_skipped_counts_as_open(
    uow: UnitOfWork, catalog: Catalog, now: datetime
) -> None:
    with uow:
        answered(uow.session, catalog, now, leave_open=3)
        with pytest.raises(InvalidInput, match="3 of 127 recommendations are still open"):
            submissions.submit_form(uow.session, catalog, user="UPOC")
        cycle_row = submissions.scope(uow.session, "UPOC", policy.Action.VIEW)[1]
        found = submissions.summary(uow.session, catalog, cycle_row, "TX")
        assert (found.answered, found.total, found.complete) == (124, 127, False)
        assert dict(found.statuses)["Tier I: getting started"] == 124
        assert dict(found.statuses)["Not answered yet"] == 3
        assert dict(found.per_topic)["Funding and Sustainability"][-1] == ("Not answered yet", 3)


def test_submit_locks_and_queues_one_committee_line_per_submission(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        cycle_id = answered(uow.session, catalog, now)
        receipt = submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="CCOM",
            now=now,
        )
        assert receipt.keys == (f"submission:{receipt.submission.id}:committee",)
        assert outbox(uow.session) == [(receipt.keys[0], "CCOM")]
        with pytest.raises(Locked) as locked:
            submissions.ensure_open(uow.session, cycle_id, "TX")
        assert "submitted on 2027-03-01 by <@UPOC>" in slack_text(locked.value.sentence)
        with pytest.raises(Locked):
            submissions.submit_form(uow.session, catalog, user="UPOC2")
        submissions.ensure_open(uow.session, cycle_id, "CA")


def test_without_a_committee_channel_nothing_is_queued(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        answered(uow.session, catalog, now)
        receipt = submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="",
            now=now,
        )
        assert receipt.keys == () and outbox(uow.session) == []


@pytest.mark.parametrize(
    ("user", "jurisdiction", "refusal"),
    [
        ("UAG", "TX", "Only your state's point of contact"),
        ("UCA", "TX", "You take part for CA, not for TX"),
        ("UCOM", "TX", "That is for a state's point of contact"),
        ("UNOBODY", None, "not a participant"),
    ],
)
def test_only_the_poc_submits(
    uow: UnitOfWork,
    catalog: Catalog,
    now: datetime,
    render: Composer,
    user: str,
    jurisdiction: str | None,
    refusal: str,
) -> None:
    with uow:
        answered(uow.session, catalog, now)
        with pytest.raises(NotAllowed, match=refusal):
            submissions.submit(
                uow.session,
                catalog,
                render,
                user=user,
                jurisdiction=jurisdiction or "TX",
                committee_channel="CCOM",
                now=now,
            )
        assert uow.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_reopen_tells_every_active_poc_and_the_channel_then_a_resubmission_is_possible(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    later = now + timedelta(days=1)
    with uow:
        cycle_id = answered(uow.session, catalog, now)
        first = submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="C",
            now=now,
        )
        found = reopening.reopen_form(uow.session, user="UCOM", jurisdiction_text="texas")
        assert found == first.submission
        receipt = reopening.reopen(
            uow.session,
            render,
            user="UCOM",
            submission_id=found.id,
            reason="  <!channel> check LEP-3 & resubmit ",
            committee_channel="C",
            now=later,
        )
        assert receipt.told == ("UPOC", "UPOC2")
        to_poc = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "UPOC")
        ).one()
        assert "&lt;!channel&gt; check LEP-3 &amp; resubmit”" in to_poc.payload["text"]
        assert [k for k, _ in outbox(uow.session)][1:] == [
            f"reopen:{found.id}:UPOC",
            f"reopen:{found.id}:UPOC2",
            f"reopen:{found.id}:committee",
        ]
        row = uow.session.get_one(Submission, found.id)
        assert (row.reopened_by, row.reopened_at, row.reopen_reason) == (
            "UCOM",
            later,
            "<!channel> check LEP-3 & resubmit",
        )
        submissions.ensure_open(uow.session, cycle_id, "TX")
        with pytest.raises(InvalidInput, match="already reopened"):
            reopening.reopen(
                uow.session,
                render,
                user="UCOM",
                submission_id=found.id,
                reason="again",
                committee_channel="C",
                now=later,
            )
        second = submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC2",
            jurisdiction="TX",
            committee_channel="C",
            now=later,
        )
        line = uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == second.keys[0])
        ).one()
        assert line.payload["text"].startswith(":inbox_tray: *TX* resubmitted")


def test_reopen_refusals(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        cycle_id = answered(uow.session, catalog, now)
        with pytest.raises(NotFound, match="TX has no submitted assessment"):
            reopening.reopen_form(uow.session, user="UCOM", jurisdiction_text="TX")
        sub = submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="",
            now=now,
        )
        with pytest.raises(NotAllowed, match="Only Committee members"):
            reopening.reopen_form(uow.session, user="UPOC", jurisdiction_text="TX")
        with pytest.raises(InvalidInput, match="reason"):
            reopening.reopen(
                uow.session,
                render,
                user="UCOM",
                submission_id=sub.submission.id,
                reason="   ",
                committee_channel="",
                now=now,
            )
        assert submissions.active_submission(uow.session, cycle_id, "TX") is not None, (
            "still locked"
        )


def test_export_overview_is_for_the_committee(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        answered(uow.session, catalog, now)
        submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="",
            now=now,
        )
        assert [
            s.jurisdiction for s in submission_views.export_overview(uow.session, user="UCOM")
        ] == ["TX"]
        with pytest.raises(NotAllowed):
            submission_views.export_overview(uow.session, user="UPOC")


def test_two_confirmations_at_once_make_one_submission(
    sessions: sessionmaker[Session], catalog: Catalog, now: datetime, render: Composer
) -> None:
    """The second confirmation waits for the first to commit, then is refused as submitted."""
    with sessions() as s, s.begin():
        answered(s, catalog, now)
    took_lock, may_commit, outcome = threading.Event(), threading.Event(), []

    def confirm(first: bool) -> None:
        with sessions() as s:
            try:
                submissions.submit(
                    s,
                    catalog,
                    render,
                    user="UPOC",
                    jurisdiction="TX",
                    committee_channel="C",
                    now=now,
                )
                if first:
                    took_lock.set()
                    may_commit.wait(timeout=10)
                s.commit()
                outcome.append("submitted")
            except Locked:
                outcome.append("locked")

    threads = [threading.Thread(target=confirm, args=(first,)) for first in (True, False)]
    threads[0].start()
    assert took_lock.wait(timeout=10)
    threads[1].start()
    threads[1].join(timeout=0.5)
    assert threads[1].is_alive(), "the second confirmation must wait for the first"
    may_commit.set()
    for thread in threads:
        thread.join(timeout=40)
    assert outcome == ["submitted", "locked"]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 1
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1
