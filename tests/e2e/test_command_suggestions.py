"""A mistyped `/assess` command is answered with the command meant, among those the person may
use; the commands offered follow the person's role."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.workflows import policy
from sandbox.slack import FakeSlack
from tests.slack_driver import SlackDriver, Transcript, text_of


@pytest.mark.parametrize(
    ("user", "typed", "meant"),
    [
        ("UPOC", "submitt", "`/assess submit`"),
        ("UPOC", "reveiw", "`/assess review`"),
        ("UCOM", "reopne TX", "`/assess reopen TX`"),
        ("UAG1", "statsu", "`/assess status`"),
    ],
)
def test_a_mistyped_command_suggests_the_command(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    user: str,
    typed: str,
    meant: str,
) -> None:
    slack.command(user, typed)
    transcript.expect("chat.postEphemeral")
    told = text_of(fake.ephemerals(user)[-1])
    assert f"Did you mean {meant}?" in told
    assert "topic areas are" not in told


@pytest.mark.parametrize(("user", "typed"), [("UPOC", "admn"), ("UAG1", "submitt")])
def test_a_command_the_person_may_not_use_is_never_suggested(
    slack: SlackDriver, fake: FakeSlack, texas: None, user: str, typed: str
) -> None:
    slack.command(user, typed)
    told = text_of(fake.ephemerals(user)[-1])
    assert "/assess admin" not in told and "/assess submit" not in told
    assert "is not a topic area" in told


def test_each_role_is_offered_only_its_commands(texas: None, db: sessionmaker[Session]) -> None:
    with db() as s:
        offered = {
            u: policy.commands_for(policy.load_actor(s, u)) for u in ("UPOC", "UAG1", "UCOM")
        }
    assert offered["UPOC"] == ("help", "status", "invite", "review", "submit", "export")
    assert offered["UAG1"] == ("help", "status")
    assert "admin" in offered["UCOM"] and "reopen" in offered["UCOM"]
    assert "submit" not in offered["UCOM"] and "invite" not in offered["UCOM"]
