"""No log line holds what people typed, at DEBUG either: a run of the real endpoint with a
marker in a topic name, a thread note, a review comment, a reopening reason and an email address
(some of whose replies fail, so their refusals are logged with tracebacks) leaves no marker in
the logs, in text or JSON format."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest

from bot.catalog import Catalog
from bot.handlers import ids
from bot.logs import JsonFormatter, configure
from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.e2e.test_forget import CONFIRMED, open_forget
from tests.e2e.test_review import answer, item, open_topic, review
from tests.e2e.test_submission import fill, reopen, submit
from tests.slack_driver import SlackDriver

MARK = "SECRETMARKER"


LIBRARIES = ("slack_sdk", "slack_bolt", "bot.bolt", "urllib3", "sqlalchemy")


@pytest.fixture
def debug_logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[io.StringIO]]:
    """Logging set up as `serve` sets it up, at DEBUG, in text; a JSON handler beside it."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in LIBRARIES})
    root.handlers = []
    streams = [io.StringIO(), io.StringIO()]
    monkeypatch.setattr(sys, "stderr", streams[0])
    configure("text", logging.DEBUG)
    as_json = logging.StreamHandler(streams[1])
    as_json.setFormatter(JsonFormatter())
    root.addHandler(as_json)
    yield streams
    root.handlers, root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_typed_text_never_reaches_the_logs_at_debug(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    clock: Clock,
    db: object,
    catalog: Catalog,
    debug_logs: list[io.StringIO],
) -> None:
    fake.fail("chat.postEphemeral", status=500, times=1)
    slack.command("UAG1", f"housing {MARK} voucher pilot")  # a refusal whose reply fails

    answer(slack, fake, "UAG1", ["tier_2", "tier_2"])
    question = fake.messages("C0WALK")[-1]
    slack.reply("UAG1", question, f"{MARK} note: the pilot runs in 3 regions")
    page = open_topic(slack, fake, review(slack, fake), "Housing")
    slack.click("UPOC", item(page, "HOU-2"), "review_changes", ephemeral=True)
    comment = {"review_comment": {"review_comment_input": f"{MARK} comment"}}
    slack.submit("UPOC", fake.views("UPOC")[-1], comment)

    fill(db, catalog, clock.now)  # type: ignore[arg-type]
    submit(slack, fake)
    reopen(slack, fake, f"{MARK} reason")

    modal = open_forget(slack, fake, "UCOM")
    fake.fail("chat.postMessage", status=500, times=3)
    fake.fail("chat.postEphemeral", status=500, times=3)
    email = {ids.FORGET_TEXT: {ids.FORGET_TEXT: f"{MARK.lower()}@example.org"}}
    slack.submit("UCOM", modal, {**email, **CONFIRMED})
    slack.bot.wait_idle(60)

    text, as_json = (s.getvalue() for s in debug_logs)
    assert "Slack failed: Untold" in text  # the failures were logged, by kind
    assert [line for line in text.splitlines() if MARK.lower() in line.lower()] == []
    assert [line for line in as_json.splitlines() if MARK.lower() in line.lower()] == []
