"""The Committee forgets a person from its App Home: a modal that needs a ticked confirmation,
the person replaced everywhere by a pseudonym, and the deletion listed in the Home's audit
section."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from bot.workflows.walk import answers
from sandbox.slack import FakeSlack
from store.models import Answer, Cycle
from tests.clock import Clock
from tests.privacy_world import cells_holding
from tests.slack_driver import SlackDriver, text_of

# Checkboxes' state as Slack sends it (a list of the ticked options), given whole.
TICKED = {
    "type": "checkboxes",
    "selected_options": [
        {"text": {"type": "plain_text", "text": "I understand"}, "value": "yes"},
    ],
}
CONFIRMED = {ids.FORGET_CONFIRM: {ids.FORGET_CONFIRM: TICKED}}


def answer_as(db: sessionmaker[Session], clock: Clock, user: str, notes: str) -> None:
    with db() as session, session.begin():
        cycle_id = session.scalars(select(Cycle.id)).one()
        answers.record(
            session,
            cycle_id=cycle_id,
            jurisdiction="TX",
            rec_id="HOU-1",
            actor=user,
            agency="TX Housing Authority",
            source="button",
            now=clock.now,
            status="tier_1",
            notes=notes,
        )


def open_forget(slack: SlackDriver, fake: FakeSlack, user: str) -> dict[str, Any]:
    slack.open_home(user)
    slack.click_home(user, ids.FORGET_OPEN)
    modal = fake.views(user)[-1]
    assert modal["view"]["callback_id"] == ids.FORGET_MODAL
    return modal


def test_the_committee_forgets_a_person_after_confirming(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session], clock: Clock
) -> None:
    answer_as(db, clock, "UAG1", "Talked to <@UAG1>'s office")
    slack.open_home("UAG1")
    assert "Texas" in text_of(fake.home("UAG1") or {})
    slack.open_home("UCOM")
    home = text_of(fake.home("UCOM") or {})
    assert "Exports, reports, backups and deletions" in home and "None recorded yet." in home

    modal = open_forget(slack, fake, "UCOM")
    assert "cannot be undone" in text_of(modal["view"])
    unticked = slack.submit("UCOM", modal, {ids.FORGET_USER: {ids.FORGET_USER: "UAG1"}})
    assert ids.FORGET_CONFIRM in unticked.body  # the modal stays open with the error
    both = slack.submit(
        "UCOM",
        modal,
        {
            ids.FORGET_USER: {ids.FORGET_USER: "UAG1"},
            ids.FORGET_TEXT: {ids.FORGET_TEXT: "UAG2"},
            **CONFIRMED,
        },
    )
    assert ids.FORGET_USER in both.body
    assert cells_holding(db, "forgotten-") == []

    slack.submit("UCOM", modal, {ids.FORGET_USER: {ids.FORGET_USER: "UAG1"}, **CONFIRMED})

    told = fake.messages(fake.dm_channel("UCOM"))[-1]["text"]
    assert told.startswith("Done: that person is now *forgotten-")
    alias = told.split("*")[1]
    assert cells_holding(db, "UAG1") == []
    with db() as session:
        answer = session.scalars(select(Answer)).one()
        assert (answer.status, answer.answered_by) == ("tier_1", alias)
        assert answer.notes == f"Talked to <@{alias}>'s office"
    home = text_of(fake.home("UCOM") or {})
    assert f"<@UCOM> · *forget* · a person, now {alias}" in home
    assert "Texas" not in text_of(fake.home("UAG1") or {})  # their Home no longer shows the state


def test_only_the_committee_may_forget_and_not_themselves(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    modal = open_forget(slack, fake, "UCOM")
    slack.submit("UCOM", modal, {ids.FORGET_TEXT: {ids.FORGET_TEXT: "ucom"}, **CONFIRMED})
    assert "You cannot forget yourself here" in told(fake, "UCOM")[-1]

    typed = "<!channel>@example.org"  # what people type is never echoed as markup
    slack.submit("UCOM", modal, {ids.FORGET_TEXT: {ids.FORGET_TEXT: typed}, **CONFIRMED})
    assert told(fake, "UCOM")[-1] == (
        "No one with the email address &lt;!channel&gt;@example.org is stored; give the user id."
    )

    # A POC replaying the Committee's modal is refused, and nothing changes.
    slack.submit("UPOC", modal, {ids.FORGET_USER: {ids.FORGET_USER: "UAG1"}, **CONFIRMED})
    assert told(fake, "UPOC")[-1] == "Only Committee members can do that."
    assert cells_holding(db, "forgotten-") == []


def told(fake: FakeSlack, user: str) -> list[str]:
    """What the person was told privately: ephemerals, else messages in their DM."""
    return [e["text"] for e in fake.ephemerals(user)] or [
        m["text"] for m in fake.messages(fake.dm_channel(user))
    ]
