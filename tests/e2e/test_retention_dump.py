"""Retention leaves no typed text: after a closed cycle is purged, a dump of every table finds
none of the notes, the review comment (also in the DM the answerer got) or the reopening reason
(also in the messages to the POC and the Committee channel) that people typed over Slack."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.cycles import open_cycle
from bot.workflows.walk import answers
from sandbox.slack import FakeSlack
from store.models import Cycle
from tests.clock import Clock
from tests.conftest import CliResult
from tests.e2e.test_review import answer, item, open_topic, review
from tests.e2e.test_submission import fill, reopen, submit
from tests.privacy_world import traces
from tests.slack_driver import SlackDriver

MARK = "SECRETTYPED"


def test_purging_a_closed_cycle_leaves_none_of_its_typed_text_anywhere(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    clock: Clock,
    catalog: Catalog,
    run_cli: Callable[..., CliResult],
) -> None:
    answer(slack, fake, "UAG1", ["tier_2", "tier_2"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click("UPOC", item(page, "HOU-2"), "review_changes", ephemeral=True)
    comment = {"review_comment": {"review_comment_input": f"{MARK} comment: is it funded?"}}
    slack.submit("UPOC", fake.views("UPOC")[-1], comment)
    fill(db, catalog, clock.now)
    with db() as session, session.begin():
        cycle = open_cycle(session)
        assert cycle is not None
        answers.record(
            session,
            cycle_id=cycle.id,
            jurisdiction="TX",
            rec_id="HOU-3",
            actor="UAG1",
            agency="TX Housing Authority",
            source="modal",
            now=clock.now,
            status="tier_2",
            notes=f"{MARK} note",
            resources=f"{MARK} resources",
        )
    submit(slack, fake)
    reopen(slack, fake, f"{MARK} reason: more to add")
    assert {cell.split("=")[0] for cell in traces(db, MARK)} >= {
        "answers.notes",
        "answer_history.after_notes",
        "reviews.comment",
        "submissions.reopen_reason",
        "outbox.payload",
    }

    with db() as session:
        name = session.scalars(select(Cycle.name)).one()
    assert run_cli("cycle", "close").code == 0
    assert run_cli("cycle", "purge", name).code == 0

    assert traces(db, MARK) == []
