"""The POC's review: states per answer version, changes since the last review, refusals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.compose import Composer
from bot.handlers import ids
from bot.workflows.cycles import create_cycle
from bot.workflows.errors import InvalidInput, Locked, NotAllowed
from bot.workflows.review import decisions, reviewing, submissions
from bot.workflows.review.model import ACCEPTED, REVISED, UNREVIEWED, WAITING, TopicPage
from bot.workflows.walk import answers
from messages import Renderer
from store.models import Answer, OutboxMessage, Participant, Review, Walk
from store.uow import UnitOfWork


@pytest.fixture
def render(catalog: Catalog) -> Composer:
    return Composer(Renderer(ids=ids.as_dict(), draft=catalog.is_draft))


def setup(session: Session, now: datetime) -> int:
    cycle = create_cycle(session, name="2027", deadline=date(2027, 3, 31), now=now)
    for user, place, role in (
        ("UPOC", "TX", "poc"),
        ("UAG", "TX", "agency"),
        ("UCA", "CA", "poc"),
        ("UCOM", None, "committee"),
    ):
        session.add(
            Participant(slack_user_id=user, jurisdiction_code=place, role=role, created_at=now)
        )
    return cycle.id


def say(session: Session, cycle_id: int, rec: str, status: str | None, by: str, at: datetime,
        notes: str | None = None) -> Answer:  # fmt: skip
    return answers.record(
        session,
        cycle_id=cycle_id,
        jurisdiction="TX",
        rec_id=rec,
        actor=by,
        agency="",
        source="button",
        now=at,
        status=status,
        notes=notes,
    ).answer


def housing(session: Session, catalog: Catalog, since: datetime | None) -> TopicPage:
    return reviewing.topic_page(
        session, catalog, user="UPOC", jurisdiction="TX", topic="housing", since=since
    )


def test_first_review_marks_nothing_and_sets_the_baseline(
    uow: UnitOfWork, catalog: Catalog, now: datetime
) -> None:
    with uow:
        cycle_id = setup(uow.session, now)
        say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        say(uow.session, cycle_id, "HOU-2", None, "UAG", now, notes="only notes so far")
        found = reviewing.open_review(uow.session, catalog, user="UPOC", now=now)
        housing_row = next(t for t in found.topics if t.slug == "housing")
        assert (housing_row.answered, housing_row.total, housing_row.changed) == (1, 8, 0)
        assert found.since is None and not found.complete
        poc = uow.session.scalars(
            select(Participant).where(Participant.slack_user_id == "UPOC")
        ).one()
        assert poc is not None and poc.last_reviewed_at == now
        page = housing(uow.session, catalog, None)
        assert [i.rec_id for i in page.topic.items] == ["HOU-1"]
        assert "HOU-2" in [o.rec_id for o in page.topic.open_items], "notes alone are not answers"


def test_changes_since_the_last_review_name_what_it_was(
    uow: UnitOfWork, catalog: Catalog, now: datetime
) -> None:
    later = now + timedelta(hours=1)
    with uow:
        cycle_id = setup(uow.session, now)
        say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        say(uow.session, cycle_id, "HOU-2", "tier_2", "UAG", now)
        say(uow.session, cycle_id, "HOU-3", "tier_2", "UAG", now)
        reviewing.open_review(uow.session, catalog, user="UPOC", now=now)
        say(uow.session, cycle_id, "HOU-1", "tier_1", "UPOC", later)
        say(uow.session, cycle_id, "HOU-2", None, "UAG", later, notes="more detail")
        say(uow.session, cycle_id, "HOU-4", "unsure", "UAG", later)
        found = reviewing.open_review(uow.session, catalog, user="UPOC", now=later)
        assert found.since == now
        items = {i.rec_id: i for i in housing(uow.session, catalog, found.since).topic.items}
        assert (items["HOU-1"].was_label, items["HOU-1"].was_by) == (
            "Tier II: established practice",
            "UAG",
        )
        assert items["HOU-2"].changed and not items["HOU-2"].was_label and not items["HOU-2"].new
        assert not items["HOU-3"].changed
        assert items["HOU-4"].new


def test_accept_then_a_change_makes_it_revised_and_changes_wait_for_the_answerer(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        cycle_id = setup(uow.session, now)
        first = say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        second = say(uow.session, cycle_id, "HOU-2", "tier_2", "UAG", now)
        decisions.accept(
            uow.session, catalog, user="UPOC", answer_id=first.id, version=1, since=None, now=now
        )
        decisions.accept(
            uow.session, catalog, user="UPOC", answer_id=first.id, version=1, since=None, now=now
        )
        decisions.ask_for_changes(
            uow.session,
            catalog,
            render,
            user="UPOC",
            answer_id=second.id,
            version=1,
            comment="Which counties?",
            now=now,
        )
        states = {i.rec_id: i.state for i in housing(uow.session, catalog, None).topic.items}
        assert states == {"HOU-1": ACCEPTED, "HOU-2": WAITING}
        assert uow.session.scalar(select(func.count()).select_from(Review)) == 2
        say(uow.session, cycle_id, "HOU-1", "tier_1", "UAG", now)
        say(uow.session, cycle_id, "HOU-2", "tier_1", "UAG", now)
        page = housing(uow.session, catalog, None)
        assert {i.rec_id: i.state for i in page.topic.items} == {"HOU-1": REVISED, "HOU-2": REVISED}
        assert page.topic.items[1].comment == "Which counties?"
        assert page.topic.row().to_review == 2
        say(uow.session, cycle_id, "HOU-3", "tier_1", "UAG", now)
        assert housing(uow.session, catalog, None).topic.items[2].state == UNREVIEWED


def test_asking_for_changes_queues_a_dm_with_the_thread_of_the_answerer(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        cycle_id = setup(uow.session, now)
        for user, channel in (("UPOC", "C1"), ("UAG", "C2")):
            uow.session.add(
                Walk(
                    cycle_id=cycle_id,
                    jurisdiction_code="TX",
                    slack_user_id=user,
                    topic="housing",
                    channel_id=channel,
                    thread_ts="1700000000.000100",
                    skipped=[],
                    created_at=now,
                    updated_at=now,
                )
            )
        found = say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        asked = decisions.ask_for_changes(
            uow.session,
            catalog,
            render,
            user="UPOC",
            answer_id=found.id,
            version=1,
            comment="<@U123> <!everyone> more, please",
            now=now,
        )
        assert (asked.answerer, asked.topic, asked.jurisdiction) == ("UAG", "housing", "TX")
        row = uow.session.scalars(select(OutboxMessage)).one()
        assert (row.idempotency_key, row.recipient) == (asked.keys[0], "UAG")
        blob = str(row.payload)
        assert "https://slack.com/archives/C2/p1700000000000100" in blob
        assert "&lt;@U123&gt; &lt;!everyone&gt; more, please" in blob
        assert "<!everyone>" not in blob and "<@U123>" not in blob


@pytest.mark.parametrize(
    ("user", "error", "message"),
    [
        ("UAG", NotAllowed, "Only your state's point of contact"),
        ("UCA", NotAllowed, "You take part for CA, not for TX"),
        ("UCOM", NotAllowed, "That is for a state's point of contact"),
        ("UNOBODY", NotAllowed, "not a participant"),
    ],
)
def test_only_the_poc_of_the_answers_jurisdiction_reviews(
    uow: UnitOfWork,
    catalog: Catalog,
    now: datetime,
    render: Composer,
    user: str,
    error: type[Exception],
    message: str,
) -> None:
    with uow:
        cycle_id = setup(uow.session, now)
        found = say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        with pytest.raises(error, match=message):
            decisions.accept(
                uow.session, catalog, user=user, answer_id=found.id, version=1, since=None, now=now
            )
        with pytest.raises(error, match=message):
            decisions.changes_form(uow.session, catalog, user=user, answer_id=found.id, version=1)
        with pytest.raises(error, match=message):
            reviewing.open_review(uow.session, catalog, user=user, jurisdiction="TX", now=now)
        assert uow.session.scalar(select(func.count()).select_from(Review)) == 0


def test_refusals_for_stale_blank_and_submitted(
    uow: UnitOfWork, catalog: Catalog, now: datetime, render: Composer
) -> None:
    with uow:
        cycle_id = setup(uow.session, now)
        found = say(uow.session, cycle_id, "HOU-1", "tier_2", "UAG", now)
        with pytest.raises(InvalidInput, match="changed since this review was shown"):
            decisions.changes_form(uow.session, catalog, user="UPOC", answer_id=found.id, version=2)
        with pytest.raises(InvalidInput, match="what should change"):
            decisions.ask_for_changes(
                uow.session,
                catalog,
                render,
                user="UPOC",
                answer_id=found.id,
                version=1,
                comment="  ",
                now=now,
            )
        for rec in catalog.recommendations:
            say(uow.session, cycle_id, rec.id, "tier_1", "UPOC", now)
        submissions.submit(
            uow.session,
            catalog,
            render,
            user="UPOC",
            jurisdiction="TX",
            committee_channel="",
            now=now,
        )
        with pytest.raises(Locked, match="submitted on"):
            decisions.accept(
                uow.session,
                catalog,
                user="UPOC",
                answer_id=found.id,
                version=2,
                since=None,
                now=now,
            )
        assert (
            reviewing.open_review(uow.session, catalog, user="UPOC", now=now).submitted is not None
        )
        assert uow.session.scalar(select(func.count()).select_from(Review)) == 0
