"""The national rehearsal's settings: the full run's defaults, the suite's reduced run, what the
deployment's processes are started with, and Slack in front of the two web processes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from bench.rehearsal_deploy import SECRET
from bench.rehearsal_faults import FaultyStandIn
from bench.rehearsal_plan import FULL, SHORT, Calendar
from sandbox.driver import Response
from sandbox.driver import SlackDriver as PlainDriver
from tests.slack_driver import SlackDriver

SLACK_TIMEOUT = 3  # seconds per Web API call: a hang of HANG_SECONDS outlasts it
HANG_SECONDS = 5.0
COMMITTEE = "CCOMMITTEE"  # the Committee's channel: status posts and their overdue threads


@dataclass
class Config:
    database_url: str
    jurisdictions: int = 56
    calendar: Calendar = FULL
    share: float = 0.02  # of the calls people cause answered 500, and as many 429
    seed: int = 2027
    people_at_once: int = 24  # Slack posts one message a second in a channel: one person
    # answers about a question a second, so the country's pace comes from people in parallel
    topics_a_day: int = 1  # topic areas one person answers in a sitting
    early_days: int | None = None  # people on time start within so many working days (None: any
    # day up to two before the deadline)
    fault_every: int = 25  # clicks between process and database faults while people work
    storm_calls: int = 12  # chat.postMessage calls a rate-limit storm answers 429
    memory_ceiling_mb: float = 1500.0  # all processes of one kind (a serve, a clock) at peak
    connection_ceiling: int = 60
    extra: dict[str, str] = field(default_factory=dict)
    keep: Path | None = None  # keep the schema, the processes' logs, Slack and the ledger there


class Balanced(SlackDriver):
    """Slack in front of two web processes: each request to the next one, round robin."""

    def __init__(self, urls: list[str], fake: FaultyStandIn) -> None:
        PlainDriver.__init__(self, urls[0], SECRET, fake, wait=lambda: None)
        self._behind = [PlainDriver(u, SECRET, fake, wait=lambda: None) for u in urls]
        self._turn = itertools.count()

    def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
        signature: str | None = None,
    ) -> Response:
        behind = self._behind[next(self._turn) % len(self._behind)]
        return behind.send(
            body, content_type, timestamp=timestamp, headers=headers, signature=signature
        )


def reduced(database_url: str, keep: Path | None = None) -> Config:
    """The reduced rehearsal that runs in the suite: three jurisdictions, two simulated weeks.
    People on time all start on the first working day, two topic areas a sitting, so the clicks
    come in parallel (Slack posts one message a second in a channel: one person answers about a
    question a second); faults come often enough that each kind happens at least once."""
    return Config(
        database_url,
        jurisdictions=3,
        calendar=SHORT,
        share=0.03,
        fault_every=12,
        storm_calls=6,
        topics_a_day=2,
        early_days=1,
        keep=keep,
    )


def environment(config: Config, db_url: str, slack_url: str, calendar: Path) -> dict[str, str]:
    """What every process of the deployment is started with."""
    return {
        "DATABASE_URL": db_url,
        "SLACK_API_URL": slack_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_TIMEOUT_SECONDS": str(SLACK_TIMEOUT),
        "COMMITTEE_CHANNEL": COMMITTEE,
        "CLOCK_OFFSET_FILE": str(calendar),
        "LOG_FORMAT": "text",
        **config.extra,
    }
