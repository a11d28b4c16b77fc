"""A dispatcher process killed mid-run (SIGKILL), with Slack answering some posts with 429 and
500, delivers every reminder exactly once after a restart."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.claims import LEASE
from sandbox.slack import FakeSlack
from store.models import OutboxMessage
from tests.reminder_world import open_cycle, person, run

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2027, 3, 24, 14, tzinfo=UTC)  # 09:00 in Chicago, a week before the deadline
PEOPLE = 40


def dispatcher(fake: FakeSlack, db_url: str, now: datetime) -> tuple[list[str], dict[str, str]]:
    """`python -m bot run dispatch --now …` as the operator would type it."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-crash-test",
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": db_url,
        "COMMITTEE_CHANNEL": "CCOMMITTEE",
    }
    args = [sys.executable, "-m", "bot", "run", "dispatch", "--now", now.isoformat()]
    return args, env


def delivered(fake: FakeSlack) -> Counter[str]:
    """How many stored messages carry each outbox key (Slack's side of the story)."""
    keys = (
        (m.get("metadata") or {}).get("event_payload", {}).get("key")
        for m in fake.messages()
        if m.get("user") == "UBOT"
    )
    return Counter(k for k in keys if k)


def test_a_dispatcher_killed_mid_run_delivers_every_reminder_once_after_restart(
    db_url: str, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    open_cycle(sessions, now=NOW - timedelta(days=30))
    users = [f"UK{n:03d}" for n in range(PEOPLE)]
    with FakeSlack() as fake:
        for user in users:
            fake.add_user(user, tz="America/Chicago")
            person(sessions, user, "TX", "agency", now=NOW, tz="America/Chicago")
        assert len(run(sessions, catalog, NOW)) == PEOPLE  # decided and queued, not yet sent
        fake.fail("chat.postMessage", status=429, retry_after=1)
        fake.fail("chat.postMessage", status=500, times=2)

        args, env = dispatcher(fake, db_url, NOW)
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603

        def twelfth_post_then_kill() -> bool:
            # Runs while the fake holds its lock, so the dispatcher is stopped mid-request.
            if len(fake.calls("chat.postMessage")) < 12:
                return False
            process.kill()
            return True

        fake.wait_for(twelfth_post_then_kill, timeout=60)
        assert process.wait(timeout=30) == -9
        before = delivered(fake)
        assert 0 < sum(before.values()) < PEOPLE, "the kill should land mid-run"
        recorded = _recorded(sessions)
        assert recorded <= set(before)  # whatever was recorded had really gone out

        lease_runs_out(sessions)
        # Restarted later: past the killed claim's lease and the 429/500 retry times.
        args, env = dispatcher(fake, db_url, NOW + timedelta(minutes=10))
        restarted = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
            args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )
        assert restarted.returncode == 0, restarted.stderr
        sent_lines = [line for line in restarted.stdout.splitlines() if line.startswith("sent")]
        # Whatever had gone out but was not yet recorded is found in Slack's history, not resent.
        assert len(sent_lines) == PEOPLE - len(recorded)

        after = delivered(fake)
        assert after == Counter({f"digest:{u}:2027-03-24": 1 for u in users})
        for user in users:
            assert len(fake.messages(fake.dm_channel(user))) == 1
        with sessions() as session:
            statuses = Counter(session.scalars(select(OutboxMessage.status)))
        assert statuses == Counter({"sent": PEOPLE})


def lease_runs_out(sessions: sessionmaker[Session]) -> None:
    """The wall clock moves past the killed dispatcher's lease (leases are on the wall clock,
    whatever --now says), as two real minutes would."""
    with sessions() as session, session.begin():
        held = select(OutboxMessage).where(OutboxMessage.claimed_until.is_not(None))
        for row in session.scalars(held):
            row.claimed_until = (row.claimed_until or NOW) - LEASE


def _recorded(sessions: sessionmaker[Session]) -> set[str]:
    with sessions() as session:
        return set(
            session.scalars(
                select(OutboxMessage.idempotency_key).where(OutboxMessage.status == "sent")
            )
        )
