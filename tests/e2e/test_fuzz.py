"""Generated hostile requests against the real endpoint (a bounded run; bench/fuzz.py runs
10,000 and more): never a 5xx, never a traceback shown, never an apology, nothing written that
may not be."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session, sessionmaker

from sandbox.slack import FakeSlack
from tests.clock import Clock
from tests.fuzz import REQUESTS
from tests.fuzz_checks import Tally, check_one
from tests.slack_driver import SlackDriver, find_button

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))


def seed_california(slack: SlackDriver, fake: FakeSlack) -> None:
    """California's POC has a walk with one answer: forged ids aim at it."""
    fake.add_channel("C0CA")
    slack.command("UOTHER", "housing", channel="C0CA")
    parent = fake.messages("C0CA", top_level_only=True)[0]
    question = fake.messages("C0CA", thread_ts=parent["ts"])[-1]
    find_button(question, "walk_answer")
    slack.click("UOTHER", question, "walk_answer:tier_1")


@pytest.mark.usefixtures("texas")
def test_generated_requests_never_fail_the_server(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], clock: Clock
) -> None:
    seed_california(slack, fake)
    tally = Tally()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=REQUESTS)
    def one(request: tuple[str, str]) -> None:
        check_one(slack, fake, db, request, tally)

    one()
    print(tally.line())  # noqa: T201 - the figures, with -s
    assert tally.sent >= EXAMPLES
    # A hostile request is refused; "something went wrong on our side" would be a failure of ours.
    assert tally.told["apology"] == 0, tally.line()
