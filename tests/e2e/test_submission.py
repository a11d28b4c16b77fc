"""The POC submits; answers lock; the Committee reopens with a reason; the POC submits again."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.cycles import open_cycle
from bot.workflows.walk import answers
from sandbox.slack import FakeSlack
from store.models import AnswerHistory, OutboxMessage, Submission
from tests.clock import Clock
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of


def fill(
    db: sessionmaker[Session], catalog: Catalog, now: datetime, *, leave_open: int = 0
) -> None:
    """Set-up: TX's answers as the walk records them, but the last `leave_open` left open."""
    recs = catalog.recommendations[: len(catalog.recommendations) - leave_open]
    with db() as s, s.begin():
        cycle = open_cycle(s)
        assert cycle is not None
        for i, rec in enumerate(recs):
            answers.record(
                s,
                cycle_id=cycle.id,
                jurisdiction="TX",
                rec_id=rec.id,
                actor="UPOC",
                agency="",
                source="button",
                now=now,
                status=("tier_2", "tier_1", "not_yet")[i % 3],
            )


def counts(db: sessionmaker[Session]) -> tuple[int, int, int]:
    with db() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Submission, OutboxMessage, AnswerHistory)
        )


def submit(slack: SlackDriver, fake: FakeSlack, user: str = "UPOC") -> None:
    """`/assess submit` opens the confirmation modal; the person confirms."""
    slack.command(user, "submit")
    slack.submit(user, fake.views(user)[-1], {})


def reopen(slack: SlackDriver, fake: FakeSlack, reason: str, user: str = "UCOM") -> None:
    slack.command(user, "reopen tx")
    slack.submit(user, fake.views(user)[-1], {"reopen_reason": {"reopen_reason_input": reason}})


def test_submit_is_refused_while_anything_is_open_naming_how_many_per_topic(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
    transcript: Transcript,
) -> None:
    fill(db, catalog, clock.now, leave_open=9)
    before = counts(db)
    transcript.new()
    slack.command("UPOC", "submit")
    transcript.expect("chat.postEphemeral")
    said = text_of(fake.ephemerals("UPOC")[-1])
    assert "9 of 127 recommendations are still open" in said
    assert "Research and Data 1" in said and "Funding and Sustainability 8" in said
    assert "Skipped ones count as open" in said
    assert counts(db) == before and fake.views("UPOC") == []


def test_the_poc_confirms_counts_and_the_committee_channel_gets_one_line(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
    transcript: Transcript,
) -> None:
    fill(db, catalog, clock.now)
    transcript.new()
    slack.command("UPOC", "submit")
    transcript.expect("views.open")
    modal = fake.views("UPOC")[-1]
    shown = text_of(modal["view"])
    assert "*Tier II: established practice*\n43" in shown and "*Not yet addressed*\n42" in shown
    assert (
        "\nHousing: Tier II: established practice 3 · Tier I: getting started 2 · "
        "Not yet addressed 3\n" in shown
    )
    assert "identify a child or youth" in shown
    assert counts(db)[0] == 0, "opening the confirmation writes nothing"
    slack.submit("UPOC", modal, {})
    transcript.expect("chat.postMessage", "chat.postEphemeral", "views.publish", "views.publish")
    poc_home, committee_home = fake.home("UPOC"), fake.home("UCOM")
    assert poc_home is not None and "submit_open" not in str(poc_home)
    assert committee_home is not None and "Reopen TX" in text_of(committee_home)
    line = fake.messages("CCOMMITTEE")
    assert len(line) == 1
    assert line[0]["text"].startswith(":inbox_tray: *TX* submitted its self-assessment for 2027")
    assert "127 of 127 answered" in line[0]["text"] and "<@UPOC>" in line[0]["text"]
    assert "submitted" in text_of(fake.ephemerals("UPOC")[-1])
    with db() as s:
        row = s.scalars(select(Submission)).one()
        assert (row.jurisdiction_code, row.submitted_by, row.submitted_at) == (
            "TX",
            "UPOC",
            clock.now,
        )


def test_after_submission_answers_are_locked_and_a_second_confirmation_is_refused(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    fill(db, catalog, clock.now)
    slack.command("UAG1", "housing HOU-1")
    question = fake.messages("C0WALK")[-1]
    slack.command("UPOC", "submit")
    modal = fake.views("UPOC")[-1]
    slack.submit("UPOC", modal, {})
    before = counts(db)
    slack.submit("UPOC", modal, {})
    assert "was submitted on 2027-03-01 by <@UPOC>" in text_of(fake.ephemerals("UPOC")[-1])
    slack.click("UAG1", question, "walk_answer:not_yet")
    assert "submitted on 2027-03-01 by <@UPOC>" in text_of(fake.ephemerals("UAG1")[-1])
    slack.command("UPOC", "housing")
    assert "submitted on 2027-03-01" in text_of(fake.ephemerals("UPOC")[-1])
    slack.command("UPOC", "review")
    overview = fake.ephemerals("UPOC")[-1]
    assert ":lock: Submitted" in text_of(overview)
    assert "submit_open" not in [b["action_id"] for b, _ in buttons(overview)]
    assert counts(db) == before
    assert len(fake.messages("CCOMMITTEE")) == 1


def test_the_committee_reopens_with_a_reason_and_the_poc_submits_again(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
    transcript: Transcript,
) -> None:
    fill(db, catalog, clock.now)
    submit(slack, fake)
    clock.advance(days=2)
    transcript.new()
    slack.command("UCOM", "reopen tx")
    transcript.expect("views.open")
    modal = fake.views("UCOM")[-1]
    assert "TX" in text_of(modal["view"]) and "<@UPOC>" in text_of(modal["view"])
    response = slack.submit("UCOM", modal, {"reopen_reason": {"reopen_reason_input": " "}})
    assert "reopen_reason" in response.body
    assert counts(db)[1] == 1, "a blank reason writes nothing"
    reason = "<!here> LEP-3 contradicts the notes & needs a second look"
    slack.submit("UCOM", modal, {"reopen_reason": {"reopen_reason_input": reason}})
    calls = transcript.expect(
        "conversations.open",
        "chat.postMessage",
        "chat.postMessage",
        "chat.postEphemeral",
        "views.publish",
        "views.publish",
    )
    assert "Reopen TX" not in text_of(fake.home("UCOM") or {})
    assert "submit_open" in str(fake.home("UPOC"))
    dm = fake.messages(fake.dm_channel("UPOC"))[-1]["text"]
    assert "&lt;!here&gt; LEP-3 contradicts the notes &amp; needs a second look" in dm
    assert "<!here>" not in str([c.args for c in calls])
    assert "reopened" in fake.messages("CCOMMITTEE")[-1]["text"]
    assert "<@UPOC>" in text_of(fake.ephemerals("UCOM")[-1])
    with db() as s:
        row = s.scalars(select(Submission)).one()
        assert (row.reopened_by, row.reopened_at, row.reopen_reason) == ("UCOM", clock.now, reason)

    slack.command("UPOC", "law-enforcement LEP-3")
    slack.click("UPOC", fake.messages("C0WALK")[-1], "walk_answer:unsure")
    submit(slack, fake)
    with db() as s:
        rows = list(s.scalars(select(Submission).order_by(Submission.id)))
        assert [r.reopened_at is None for r in rows] == [False, True]
    assert fake.messages("CCOMMITTEE")[-1]["text"].startswith(":inbox_tray: *TX* resubmitted")
    assert len(fake.messages("CCOMMITTEE")) == 3


@pytest.mark.parametrize(
    ("user", "expected"),
    [("UPOC", "Only Committee members"), ("UAG1", "Only Committee members")],
)
def test_only_the_committee_reopens(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
    user: str,
    expected: str,
) -> None:
    fill(db, catalog, clock.now)
    submit(slack, fake)
    fake.fail("views.open", error="expired_trigger_id")
    slack.command("UCOM", "reopen TX")  # the trigger expired: the Committee gets the button
    button = fake.ephemerals("UCOM")[-1]
    before, views = counts(db), len(fake.views())
    slack.command(user, "reopen TX")
    assert expected in text_of(fake.ephemerals(user)[-1])
    slack.click(user, button, "reopen_open", ephemeral=True)
    assert expected in text_of(fake.ephemerals(user)[-1])
    assert len(fake.views()) == views and counts(db) == before


def test_reopen_needs_a_submitted_jurisdiction(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    slack.command("UCOM", "reopen TX")
    assert "TX has no submitted assessment" in text_of(fake.ephemerals("UCOM")[-1])
    slack.command("UCOM", "reopen")
    assert "`/assess reopen TX`" in text_of(fake.ephemerals("UCOM")[-1])
    slack.command("UCOM", "reopen Atlantis")
    assert "Unknown jurisdiction" in text_of(fake.ephemerals("UCOM")[-1])


def test_submit_and_reopen_fall_back_to_a_button_when_the_trigger_expired(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    fill(db, catalog, clock.now)
    fake.fail("views.open", error="expired_trigger_id")
    slack.command("UPOC", "submit")
    ready = fake.ephemerals("UPOC")[-1]
    assert "All 127 recommendations" in text_of(ready) and fake.views("UPOC") == []
    slack.click("UPOC", ready, "submit_open", ephemeral=True)
    slack.submit("UPOC", fake.views("UPOC")[-1], {})
    fake.fail("views.open", error="expired_trigger_id")
    slack.command("UCOM", "reopen TX")
    ask = fake.ephemerals("UCOM")[-1]
    assert "*TX* submitted" in text_of(ask) and fake.views("UCOM") == []
    slack.click("UCOM", ask, "reopen_open", ephemeral=True)
    assert fake.views("UCOM")[-1]["view"]["callback_id"] == "reopen_modal"


def test_the_confirmation_counts_answers_by_others_not_reviewed_and_the_pocs_own_need_none(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    clock: Clock,
    db: sessionmaker[Session],
) -> None:
    fill(db, catalog, clock.now)  # the POC answered everything
    for rec in ("HOU-1", "HOU-2"):  # the housing agency changes two answers
        slack.command("UAG1", f"housing {rec}")
        slack.click("UAG1", fake.messages("C0WALK")[-1], "walk_answer:unsure")
    slack.command("UPOC", "submit")
    modal = text_of(fake.views("UPOC")[-1]["view"])
    assert "2 answers by others are not reviewed yet" in modal
    slack.command("UPOC", "review")
    overview = fake.ephemerals("UPOC")[-1]
    assert "*Housing* — 8 of 8 answered · 6 yours · 2 to review" in text_of(overview)
    row = next(b for b in overview["blocks"] if "*Housing*" in text_of({"blocks": [b]}))
    slack.click("UPOC", {**overview, "blocks": [row]}, "review_topic", ephemeral=True)
    page = fake.ephemerals("UPOC")[-1]
    blocks = page["blocks"]
    at = next(i for i, b in enumerate(blocks) if "*HOU-3*" in text_of({"blocks": [b]}))
    assert "Your own answer: nothing to review" in text_of({"blocks": [blocks[at]]})
    assert "review_accept" not in str(blocks[at + 1])
    at = next(i for i, b in enumerate(blocks) if "*HOU-1*" in text_of({"blocks": [b]}))
    slack.click("UPOC", {**page, "blocks": blocks[at : at + 2]}, "review_accept", ephemeral=True)
    slack.command("UPOC", "submit")
    assert "1 answer by others is not reviewed yet" in text_of(fake.views("UPOC")[-1]["view"])
