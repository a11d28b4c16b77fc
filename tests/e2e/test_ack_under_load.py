"""Slack gets its answer at once even when every work slot is busy: a listener takes a slot only
after it has acknowledged, so a slow Slack call holding the only slot delays the others' work,
never their HTTP replies (Bolt answers 404 to a request not acknowledged within 3 s)."""

from __future__ import annotations

import threading

from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.conftest import NOW
from tests.e2e.conftest import SECRET, start_bot
from tests.factories import add_cycle, add_participant
from tests.slack_driver import Response, SlackDriver

PEOPLE = {"UTX": "TX", "UCA": "CA", "UOK": "OK", "UNY": "NY"}
HANG = 4.0


def test_every_command_is_acknowledged_while_one_slow_call_holds_the_only_work_slot(
    db_url: str, fake: FakeSlack, clock: Clock
) -> None:
    for user in PEOPLE:
        fake.add_user(user, tz="America/Chicago")
    bot = start_bot(db_url, fake, clock, threads=(8, 1))
    try:
        add_cycle(bot.app.deps.sessions, now=NOW)
        for user, state in PEOPLE.items():
            add_participant(bot.app.deps.sessions, user, state, "poc", now=NOW)
        slack = SlackDriver(bot.url, SECRET, fake, bot.app)
        slack.wait = lambda: None  # the test waits itself, after every reply is in
        fake.hang("chat.postMessage", seconds=HANG)  # the first thread opened hangs
        first = slack.command("UTX", "housing")
        fake.wait_for_calls("chat.postMessage", 1)
        replies: dict[str, Response] = {}
        others = [
            threading.Thread(target=lambda u=u: replies.__setitem__(u, slack.command(u, "housing")))
            for u in ("UCA", "UOK", "UNY")
        ]
        for thread in others:
            thread.start()
        for thread in others:
            thread.join()
        assert [r.status for r in (first, *replies.values())] == [200] * 4
        assert max(r.ack_ms for r in replies.values()) < HANG * 1000 / 2
        # Acknowledged, but their work waits for the slot the hung call holds.
        assert len(fake.calls("chat.postMessage")) == 1
        bot.app.wait_idle(timeout=30)
        parents = [m["text"] for m in fake.messages("C0WALK") if "self-assessment for" in m["text"]]
        for state in ("CA", "OK", "NY"):  # each walk then opened, one after another
            assert any(text.endswith(f"self-assessment for {state}") for text in parents), parents
        assert len(fake.calls("chat.postMessage")) >= 1 + 3 * 2  # three threads, three questions
    finally:
        bot.stop()
