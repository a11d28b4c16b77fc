"""What the Committee's and the exporters' messages say: what to do in Slack (never a server
command), counts in the right number, refusals naming who may, and word before slow work."""

from __future__ import annotations

import pytest

from bot.handlers import ids
from sandbox.slack import FakeSlack
from tests.e2e.test_committee import answered, last, patient, uploads, valid_blocks
from tests.slack_driver import SlackDriver, Transcript, text_of

__all__ = ["answered", "patient"]


def test_one_jurisdiction_offers_its_report_as_a_button_not_a_server_command(
    answered: None, slack: SlackDriver, fake: FakeSlack
) -> None:
    slack.command("UCOM", "committee TX")
    shown = last(fake, "UCOM")
    valid_blocks(shown["blocks"])
    text = text_of(shown)
    assert "python -m" not in text and "XX" not in text
    slack.click("UCOM", shown, ids.COMMITTEE_STATE_REPORT, ephemeral=True)
    (report,) = uploads(fake)
    assert report.startswith("state-report-TX") and report.endswith(".html")
    assert uploads(fake)[report].decode().startswith("<!DOCTYPE html>")


def test_the_state_report_button_is_the_committees(
    answered: None, slack: SlackDriver, fake: FakeSlack
) -> None:
    slack.command("UCOM", "committee TX")
    shown = last(fake, "UCOM")
    slack.click("UPOC", shown, ids.COMMITTEE_STATE_REPORT, ephemeral=True)
    assert "Only Committee members" in text_of(last(fake, "UPOC"))
    assert fake.files() == []


def test_one_jurisdiction_is_counted_in_the_singular(
    answered: None, slack: SlackDriver, fake: FakeSlack
) -> None:
    slack.command("UCOM", "committee")
    text = text_of(last(fake, "UCOM"))
    assert "submitted assessments only, 1 jurisdiction;" in text
    assert "1 jurisdictions" not in text


@pytest.mark.parametrize(
    ("user", "said"),
    [
        ("USTRANGER", "Exports are for Committee members (every jurisdiction) and each state's"),
        ("UAG1", "Only your state's point of contact can do that."),
    ],
)
def test_an_export_refusal_says_who_may_export(
    answered: None, slack: SlackDriver, fake: FakeSlack, user: str, said: str
) -> None:
    slack.command(user, "export")
    (told,) = [text_of(e) for e in fake.ephemerals(user)]
    assert told.startswith(said)


@pytest.mark.parametrize(("user", "word"), [("UCOM", "every jurisdiction"), ("UPOC", "TX")])
def test_an_export_says_it_is_being_prepared_before_the_slow_work(
    answered: None,
    slack: SlackDriver,
    fake: FakeSlack,
    transcript: Transcript,
    user: str,
    word: str,
) -> None:
    transcript.new()
    slack.command(user, "export")
    calls = [c.method for c in transcript.new() if c.method != "auth.test"]
    assert calls[0] == "chat.postEphemeral" and "files.getUploadURLExternal" in calls
    first, done = fake.ephemerals(user)[0], fake.ephemerals(user)[-1]
    assert text_of(first).startswith("Preparing your export") and word in text_of(first)
    assert "Sent to your DM" in text_of(done)
