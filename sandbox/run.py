"""The sandbox: the bot, unchanged, against a local Slack on 127.0.0.1, driven from a terminal.

`python -m sandbox.run` (or `python3 dev.py run` with no Slack tokens) starts the fake Slack, the
bot's real HTTP endpoint and a console where you type what a person would do in Slack.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple, TextIO

from sqlalchemy import select

from bot.app import create_app
from bot.deps import utc_now
from bot.settings import Settings
from bot.workflows.cycles import create_cycle, open_cycle
from bot.workflows.people.names import remember
from sandbox.driver import SlackDriver
from sandbox.fake_slack import FakeSlack
from sandbox.server import serve_in_background
from sandbox.session import Console
from store.db import make_engine, make_session_factory
from store.migrate import upgrade
from store.models import Participant


class Person(NamedTuple):
    user: str
    name: str
    role: str
    jurisdiction: str | None
    agency: str
    topics: list[str]
    tz: str


PEOPLE = (
    Person("UPOC", "Pat, Texas point of contact", "poc", "TX", "", [], "America/Chicago"),
    Person(
        "UAGENCY",
        "Alex, Texas housing agency",
        "agency",
        "TX",
        "TX Housing Agency",
        ["housing"],
        "America/Chicago",
    ),
    Person("UCOMMITTEE", "Casey, Committee staff", "committee", None, "", [], "America/New_York"),
    Person(
        "UCALIF", "Sam, California point of contact", "poc", "CA", "", [], "America/Los_Angeles"
    ),
)


def main(
    argv: list[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.run", description=__doc__)
    parser.add_argument("--database-url", default="sqlite:///sandbox.sqlite3")
    args = parser.parse_args(argv)
    secret = secrets.token_hex(16)
    with FakeSlack() as fake:
        for person in PEOPLE:
            fake.add_user(person.user, name=person.name, tz=person.tz)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            SLACK_BOT_TOKEN="xoxb-sandbox",  # noqa: S106 - the local fake's token, not a secret
            SLACK_SIGNING_SECRET=secret,
            SLACK_API_URL=fake.base_url,
            DATABASE_URL=args.database_url,
            COMMITTEE_CHANNEL="CCOMMITTEE",
        )
        prepare(settings.database_url)
        app = create_app(settings)
        server = serve_in_background(app.wsgi())
        try:
            driver = SlackDriver(server.url, secret, fake, wait=app.wait_idle)
            Console(driver, fake, [(p.user, p.name) for p in PEOPLE], stdout).loop(_lines(stdin))
        except KeyboardInterrupt:
            stdout.write("\n")
        finally:
            app.wait_idle()
            server.stop()
            app.close()
    return 0


def prepare(database_url: str) -> None:
    """Migrate, then add the demo people and an open cycle unless they are there already."""
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    now = utc_now()
    with sessions() as session, session.begin():
        if open_cycle(session) is None:
            deadline = (now + timedelta(days=30)).date()
            create_cycle(session, name=f"Sandbox cycle {now:%Y-%m-%d}", deadline=deadline, now=now)
        known = set(session.scalars(select(Participant.slack_user_id)))
        for user, _name, role, jurisdiction, agency, topics, tz in PEOPLE:
            if user not in known:
                session.add(
                    Participant(
                        slack_user_id=user,
                        jurisdiction_code=jurisdiction,
                        role=role,
                        agency=agency,
                        topics=topics,
                        active=True,
                        created_at=now,
                        tz=tz,
                    )
                )
        # Their display names, as the clock would have learned them from users.info.
        remember(session, {p.user: p.name for p in PEOPLE}, now=now)
    engine.dispose()


def _lines(stream: TextIO) -> Iterable[str]:
    for line in stream:
        yield line.rstrip("\n")


if __name__ == "__main__":
    raise SystemExit(main())
