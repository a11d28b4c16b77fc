"""An invitation as the POC sees it: the invitee named at once on their Home, and a refusal
that keeps the modal open with what they chose."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import Participant
from tests.e2e.test_people import committee, invite, texas
from tests.slack_driver import SlackDriver, Transcript, text_of

__all__ = ["committee", "texas"]


def test_the_pocs_home_names_the_invitee_right_after_the_invitation(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    fake.add_user("UTAYLOR", name="Taylor Brooks")
    invite(slack, fake, ["UTAYLOR"], "Texas Education Agency", ["housing"])
    shown = text_of(fake.home("UPOC") or {})
    assert "*Taylor Brooks* · *Texas Education Agency*" in shown
    assert "UTAYLOR" not in shown


def test_a_refused_invitee_keeps_the_modal_open_with_everyone_chosen(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    slack.command("UPOC", "invite")
    modal = fake.views("UPOC")[-1]
    transcript.new()
    response = slack.submit(
        "UPOC",
        modal,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UCOM", "UAG1"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Housing Authority"},
            ids.TOPICS: {ids.TOPICS: ["housing"]},
        },
    )
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors"
    assert "<@UCOM> is a Committee member" not in answer["errors"][ids.INVITE_USERS]
    assert "is a Committee member" in answer["errors"][ids.INVITE_USERS]
    assert "Remove them" in answer["errors"][ids.INVITE_USERS]
    transcript.expect()  # no ephemeral, no DM: the modal is still open with both chosen
    with db() as s:
        assert s.scalar(select(func.count()).where(Participant.role == "agency")) == 0
