"""The reduced national rehearsal: three jurisdictions through two simulated weeks on
PostgreSQL, two web processes and two clocks, with every kind of fault injected at least once;
a partner agency in each through Slack Connect, an agency away, a POC asking for changes.
It fails on any lost, duplicated or false message (bench/rehearsal.py has the full one)."""

from __future__ import annotations

import sys

import pytest

from bench.rehearsal import rehearse
from bench.rehearsal_config import reduced
from tests.dbs import PG_URL

EVERY_FAULT = (
    "slack_500",
    "slack_429",
    "slack_hang",
    "rate_limit_storm",
    "sigkill_web_worker_during_a_click",
    "sigkill_clock_mid_dispatch",
    "pg_terminate_backend",
)


@pytest.mark.slow
@pytest.mark.skipif(not PG_URL, reason="the rehearsal runs on PostgreSQL (TEST_DATABASE_URL)")
# About six minutes on a 2-core machine; README, "The national rehearsal".
def test_a_reduced_rehearsal_loses_duplicates_and_misstates_nothing() -> None:
    config = reduced(PG_URL)
    figures = rehearse(config)
    report = figures.markdown("reduced rehearsal")
    sys.stderr.write(report)  # the figures, shown with -s
    assert figures.passed, report
    assert figures.acknowledged > 300, report
    missing = [kind for kind in EVERY_FAULT if not figures.faults[kind]]
    assert not missing, f"not injected: {missing}\n{report}"
    assert figures.notes["saved"] and figures.reopened >= 2, report
    assert figures.sent_by_kind["escalation"] and figures.sent_by_kind["digest"], report
    # What people do besides answering happened: a POC's request for changes answered, someone
    # away over a reminder day, each state's partner agency in through Slack Connect.
    assert figures.asked["answered"] and sum(figures.away.values()), report
    assert figures.partners == config.jurisdictions, report
