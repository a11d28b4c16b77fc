"""900 KB typed after /assess: the echo is clipped, and a DM is tried only where an ephemeral
cannot be posted at all."""

from __future__ import annotations

import pytest

from sandbox.slack import FakeSlack
from tests.slack_driver import SlackDriver, Transcript

pytestmark = pytest.mark.usefixtures("texas")
HUGE = 900_000


@pytest.mark.parametrize(
    "typed",
    [
        "y" * HUGE,
        # Form-encoded, each mention is 11 bytes: this keeps the body under the edge's 1 MiB.
        "housing " + "<@U1>" * (HUGE // 11),
        "review " + "z" * HUGE,
        "status " + "s" * HUGE,
    ],
    ids=["topic", "topic with mentions", "review", "status"],
)
def test_huge_text_is_clipped_where_it_is_echoed(
    typed: str, slack: SlackDriver, fake: FakeSlack, transcript: Transcript
) -> None:
    assert slack.command("UPOC", typed).status == 200
    sent = [c for c in transcript.new() if c.method != "auth.test"]
    assert [c.method for c in sent] == ["chat.postEphemeral"]
    text = str(sent[0].args["text"])
    assert len(text) < 3000 and "<@U1>" not in text
    assert fake.invalid == []


def test_a_rate_limited_ephemeral_is_not_sent_again_as_a_dm(
    slack: SlackDriver, fake: FakeSlack, transcript: Transcript
) -> None:
    fake.fail("chat.postEphemeral", status=429, retry_after=1, times=2)
    assert slack.command("UPOC", "nonsense").status == 200
    methods = [c.method for c in transcript.new() if c.method != "auth.test"]
    assert "conversations.open" not in methods and "chat.postMessage" not in methods


def test_an_ephemeral_where_the_bot_is_not_falls_back_to_a_dm(
    slack: SlackDriver, fake: FakeSlack, transcript: Transcript
) -> None:
    fake.fail("chat.postEphemeral", error="channel_not_found")
    assert slack.command("UPOC", "nonsense").status == 200
    methods = [c.method for c in transcript.new() if c.method != "auth.test"]
    assert methods == ["chat.postEphemeral", "conversations.open", "chat.postMessage"]
