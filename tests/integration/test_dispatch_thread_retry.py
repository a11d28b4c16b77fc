"""A thread reply sent again after a crash (its post accepted, its row never marked sent) is
found in the thread, not posted a second time: the channel's history holds only top-level
messages, so the status post's table under it was posted once per retry."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.claims import Due
from bot.delivery_posts import METADATA_TYPE, post
from sandbox.slack import FakeSlack

CHANNEL = "CCOMMITTEE"


def test_a_thread_reply_already_in_slack_is_not_posted_again() -> None:
    with FakeSlack() as fake:
        fake.add_channel(CHANNEL)
        client = WebClient(token="xoxb-test", base_url=fake.base_url)
        parent = client.chat_postMessage(channel=CHANNEL, text="Status")["ts"]
        key = "status-table:1:2027-01-11"
        client.chat_postMessage(
            channel=CHANNEL, text="Table", thread_ts=parent,
            metadata={"event_type": METADATA_TYPE, "event_payload": {"key": key}},
        )  # fmt: skip
        payload = {"text": "Table", "thread_ts": parent}
        ts = post(client, Due(1, key, CHANNEL), payload, retrying=True)
        replies = fake.messages(CHANNEL, thread_ts=parent)
        assert len(replies) == 1 and ts == replies[0]["ts"]
