"""Modal submissions that come back replayed or with forged metadata: a decision acts once, and
no form field chooses where the bot posts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from sandbox import payloads
from sandbox.slack import FakeSlack
from store.models import OutboxMessage, Review
from tests.e2e.test_review import answer, item, open_topic, review
from tests.slack_driver import SlackDriver

Message = dict[str, Any]
COMMENT = {ids.REVIEW_COMMENT_BLOCK: {ids.REVIEW_COMMENT_INPUT: "Is the pilot statewide?"}}


def changes_modal(slack: SlackDriver, fake: FakeSlack) -> Message:
    answer(slack, fake, "UAG1", ["tier_2", "tier_2"])
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click("UPOC", item(page, "HOU-2"), "review_changes", ephemeral=True)
    return fake.views("UPOC")[-1]


def forged(modal: Message, metadata: dict[str, Any]) -> Message:
    return {**modal, "view": {**modal["view"], "private_metadata": json.dumps(metadata)}}


def counts(db: sessionmaker[Session]) -> tuple[int, int]:
    with db() as s:
        reviews = s.scalar(select(func.count()).select_from(Review)) or 0
        return reviews, s.scalar(select(func.count()).select_from(OutboxMessage)) or 0


@pytest.mark.usefixtures("texas")
def test_the_same_signed_ask_for_changes_three_times_acts_once(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    modal = changes_modal(slack, fake)
    # One submission, byte for byte, sent three times (a replay, or Slack sending it again).
    state = {
        ids.REVIEW_COMMENT_BLOCK: {
            ids.REVIEW_COMMENT_INPUT: {"type": "plain_text_input", "value": "Is it statewide?"}
        }
    }
    body = payloads.view_submission("UPOC", modal, state, trigger_id="1.2.replayed")
    dm = fake.dm_channel("UAG1")
    before = len(fake.messages(dm))
    for _ in range(3):
        assert slack.form({"payload": json.dumps(body)}).status == 200
    assert counts(db) == (1, 1)
    told = [m for m in fake.messages(dm)[before:] if "Is it statewide?" in json.dumps(m)]
    assert len(told) == 1


class _Catcher(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server that is not Slack, recording what is posted to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Catcher)
    _Catcher.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Catcher.seen
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("texas")
def test_a_forged_response_url_in_the_changes_modal_is_never_posted_to(
    slack: SlackDriver, fake: FakeSlack, elsewhere: tuple[str, list[str]]
) -> None:
    url, seen = elsewhere
    modal = changes_modal(slack, fake)
    meta = {**json.loads(modal["view"]["private_metadata"]), "r": url}
    assert slack.submit("UPOC", forged(modal, meta), COMMENT).status == 200
    assert seen == []
    assert "Asked <@UAG1> for changes to HOU-2" in fake.ephemerals("UPOC")[-1]["text"]


@pytest.mark.usefixtures("texas")
def test_a_forged_origin_on_an_invite_posts_nothing_in_the_committee_channel(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    fake.add_channel("CCOMMITTEE")
    fake.add_user("UAG2")
    slack.command("UPOC", "invite")
    modal = fake.views("UPOC")[-1]
    assert modal["view"]["callback_id"] == ids.INVITE_MODAL
    before = len(fake.messages("CCOMMITTEE"))
    slack.submit(
        "UPOC",
        forged(modal, {"c": "CCOMMITTEE", "h": True}),
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG2"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Courts"},
            ids.TOPICS: {ids.TOPICS: ["judiciary"]},
        },
    )
    assert fake.messages("CCOMMITTEE")[before:] == []
    # The line went to the POC's own DM with the bot (the metadata said "from App Home").
    assert "UAG2" in json.dumps(fake.messages(fake.dm_channel("UPOC"))[-1])


@pytest.mark.usefixtures("texas")
def test_a_forged_channel_on_a_submission_shows_only_to_the_submitter(
    slack: SlackDriver, fake: FakeSlack
) -> None:
    fake.add_channel("CCOMMITTEE")
    modal = changes_modal(slack, fake)
    meta = {**json.loads(modal["view"]["private_metadata"]), "ch": "CCOMMITTEE", "r": ""}
    before = len(fake.messages("CCOMMITTEE"))
    slack.submit("UPOC", forged(modal, meta), COMMENT)
    assert fake.messages("CCOMMITTEE")[before:] == []
