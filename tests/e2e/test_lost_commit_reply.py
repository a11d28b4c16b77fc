"""The database commits a click, then the connection is cut before its reply arrives: whether the
server committed is unknown to the bot. It must not tell the person "nothing of this was saved"
of an answer that is stored, nor write it twice; it looks for the change on a fresh connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, make_url, select
from sqlalchemy.orm import Session, sessionmaker

from bot.edge.outage import UNAVAILABLE, UNCERTAIN
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.clock import Clock
from tests.e2e.conftest import SECRET, RunningBot, start_bot
from tests.e2e.test_walk import live_questions, start, thread
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, text_of
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def proxied(db_url: str, fake: FakeSlack, clock: Clock) -> Iterator[tuple[RunningBot, TcpProxy]]:
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite commits in the process itself: no reply to lose")
    url = make_url(db_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432)).start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    bot = start_bot(via_proxy, fake, clock)
    db = bot.app.deps.sessions
    add_cycle(db, now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    try:
        yield bot, proxy
    finally:
        bot.stop()
        proxy.stop()


def history(db: sessionmaker[Session]) -> list[tuple[str, str | None]]:
    with db() as s:
        rows = s.execute(select(AnswerHistory.recommendation_id, AnswerHistory.after_status))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_committed_click_whose_reply_was_lost_is_told_as_saved(
    proxied: tuple[RunningBot, TcpProxy], fake: FakeSlack
) -> None:
    bot, proxy = proxied
    slack = SlackDriver(bot.url, SECRET, fake, bot.app)
    parent = start(slack, fake)
    proxy.lose_commit_replies(1)
    assert slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2").status == 200
    assert proxy.commits_cut == 1
    assert UNAVAILABLE not in [text_of(e) for e in fake.ephemerals("UPOC")]
    assert history(bot.app.deps.sessions) == [("HOU-1", "tier_2")]
    assert live_questions(fake, parent) == ["HOU-2"]  # redrawn, and the next one asked


def test_a_click_whose_commit_failed_is_still_told_nothing_was_saved(
    proxied: tuple[RunningBot, TcpProxy], fake: FakeSlack
) -> None:
    """The other side: the connection cut before the COMMIT reached the server (the proxy
    stopped), so nothing was stored and the person is told so."""
    bot, proxy = proxied
    slack = SlackDriver(bot.url, SECRET, fake, bot.app)
    parent = start(slack, fake)
    proxy.stop()
    assert slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2").status == 200
    assert UNAVAILABLE in [text_of(e) for e in fake.ephemerals("UPOC")]
    proxy.start()
    with bot.app.deps.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_lost_commit_reply_that_cannot_be_checked_is_told_as_unknown_not_as_lost(
    proxied: tuple[RunningBot, TcpProxy], fake: FakeSlack
) -> None:
    """The database refuses every connection right after the lost reply, so the change cannot
    be looked for: the person is told it is not known, never "nothing of this was saved"."""
    bot, proxy = proxied
    slack = SlackDriver(bot.url, SECRET, fake, bot.app)
    parent = start(slack, fake)
    proxy.lose_commit_replies(1, then_stop=True)
    assert slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2").status == 200
    assert [text_of(e) for e in fake.ephemerals("UPOC")] == [UNCERTAIN]
    proxy.start()
    assert history(bot.app.deps.sessions) == [("HOU-1", "tier_2")]  # it had committed
