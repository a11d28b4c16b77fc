"""The bot's real HTTP endpoint (waitress, as in production) against the fake Slack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import BotApp, create_app
from bot.settings import Settings
from sandbox.server import serve_in_background
from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, Transcript

SECRET = "e2e-signing-secret"


@dataclass
class RunningBot:
    app: BotApp
    url: str
    stop: Callable[[], None]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for user, tz in (
            ("UPOC", "America/Chicago"),
            ("UAG1", "America/Chicago"),
            ("UAG2", "America/Chicago"),
            ("UOTHER", "America/Los_Angeles"),
            ("UCOM", "America/New_York"),
            ("USTRANGER", "UTC"),
        ):
            fake.add_user(user, tz=tz, email=f"{user.lower()}@example.org")
        yield fake
        assert fake.invalid == [], "the bot sent a payload Slack would reject"


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def start_bot(
    db_url: str,
    fake: FakeSlack,
    clock: Clock,
    *,
    threads: tuple[int, int] | None = None,
    **extra: str,
) -> RunningBot:
    """`threads`: (listener threads, work slots) instead of the production numbers."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        **extra,
        SLACK_BOT_TOKEN="xoxb-e2e",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=db_url,
        COMMITTEE_CHANNEL="CCOMMITTEE",
    )
    sizes = {"listener_threads": threads[0], "work_slots": threads[1]} if threads else {}
    app = create_app(settings, clock=clock, **sizes)
    server = serve_in_background(app.wsgi())

    def stop() -> None:
        app.wait_idle()
        server.stop()
        app.close()

    return RunningBot(app, server.url, stop)


@pytest.fixture
def bot(db_url: str, fake: FakeSlack, clock: Clock) -> Iterator[RunningBot]:
    running = start_bot(db_url, fake, clock)
    yield running
    running.stop()


@pytest.fixture
def slack(bot: RunningBot, fake: FakeSlack) -> SlackDriver:
    return SlackDriver(bot.url, SECRET, fake, bot.app)


@pytest.fixture
def transcript(fake: FakeSlack) -> Transcript:
    return Transcript(fake)


@pytest.fixture
def db(bot: RunningBot) -> sessionmaker[Session]:
    """The running bot's own session factory, for set-up and for checking what was stored."""
    return bot.app.deps.sessions


@pytest.fixture
def texas(db: sessionmaker[Session], clock: Clock) -> None:
    """An open cycle; Texas's POC and a housing agency, California's POC, a Committee member.
    (Test modules that need other people define their own `texas`.)"""
    add_cycle(db, now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    add_participant(
        db, "UAG1", "TX", "agency", now=clock.now, topics=["housing"], agency="TX Housing Authority"
    )
    add_participant(db, "UOTHER", "CA", "poc", now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)
