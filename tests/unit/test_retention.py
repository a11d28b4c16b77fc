"""Retention: a closed cycle's notes and history are purged by hand (`cycle purge NAME`) or by the
clock's retention step RETENTION_DAYS after it closed; answers and who gave them stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.workflows import cycles
from store.models import Answer, AnswerHistory, Cycle, Review
from tests.conftest import NOW, CliResult
from tests.privacy_world import seed

Cli = Callable[..., CliResult]
NAME = "2027 State Self-Assessment"


def snapshot(sessions: sessionmaker[Session]) -> dict[str, object]:
    with sessions() as session:
        return {
            "history": session.scalar(select(func.count()).select_from(AnswerHistory)),
            "answers": sorted(
                (a.recommendation_id, a.status, a.answered_by, a.notes)
                for a in session.scalars(select(Answer))
            ),
            "comments": sorted(r.comment for r in session.scalars(select(Review))),
        }


def close(sessions: sessionmaker[Session], *, stamped: bool = True) -> None:
    with sessions() as session, session.begin():
        cycles.close_cycle(session, now=NOW if stamped else None)


def test_purge_refuses_the_open_cycle_and_an_unknown_one(
    run_cli: Cli, sessions: sessionmaker[Session]
) -> None:
    seed(sessions, NOW)
    before = snapshot(sessions)
    refused = run_cli("cycle", "purge", NAME)
    assert (refused.code, refused.err) == (
        2,
        f"Cycle “{NAME}” is still open; close it before purging it.\n",
    )
    assert run_cli("cycle", "purge", "1999").err == "No cycle named “1999”.\n"
    assert snapshot(sessions) == before


def test_purge_by_hand_clears_notes_and_history_and_keeps_the_answers(
    run_cli: Cli, sessions: sessionmaker[Session]
) -> None:
    seed(sessions, NOW)
    close(sessions)
    result = run_cli("cycle", "purge", NAME)
    assert result.code == 0, result.err
    assert result.out == (
        f"Purged cycle “{NAME}”: 3 history rows deleted, notes cleared on 2 answers.\n"
    )
    after = snapshot(sessions)
    assert after["history"] == 0
    assert after["comments"] == [""]
    assert after["answers"] == [
        ("HOU-1", "tier_2", "U0POC", ""),
        ("HOU-2", "not_yet", "U0AG12", ""),
    ]
    again = run_cli("cycle", "purge", NAME)
    assert "0 history rows deleted, notes cleared on 0 answers" in again.out
    audit = [line for line in run_cli("audit", "list").out.splitlines() if " purge " in line]
    assert len(audit) == 2 and f"cycle '{NAME}': 3 history rows" in audit[1]


@pytest.mark.parametrize("stamped", [True, False])
def test_the_retention_step_purges_closed_cycles_after_the_set_days(
    run_cli: Cli,
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    stamped: bool,
) -> None:
    seed(sessions, NOW)
    close(sessions, stamped=stamped)
    assert run_cli("run", "retention").out == "RETENTION_DAYS is not set; nothing is purged.\n"
    monkeypatch.setenv("RETENTION_DAYS", "30")
    start = NOW
    if not stamped:  # closed before closing times were kept: the period starts at the next run
        assert "nothing purged" in run_cli("run", "retention", "--now", NOW.isoformat()).out
    day_29 = (start + timedelta(days=29)).isoformat()
    day_30 = (start + timedelta(days=30)).isoformat()
    quiet = run_cli("run", "retention", "--now", day_29)
    assert quiet.out == "No closed cycle is older than 30 days; nothing purged.\n"
    assert snapshot(sessions)["history"] == 3
    done = run_cli("run", "retention", "--now", day_30)
    assert done.out == f"purged     {NAME}: 3 history rows, notes of 2 answers\n"
    assert snapshot(sessions)["history"] == 0
    assert "nothing purged" in run_cli("run", "retention", "--now", day_30).out
    with sessions() as session:
        cycle = session.scalars(select(Cycle)).one()
        assert cycle.purged_at == start + timedelta(days=30)
    (line,) = [x for x in run_cli("audit", "list").out.splitlines() if " purge " in x]
    assert " retention " in line


def test_a_bad_retention_setting_is_one_line(run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "0")
    result = run_cli("run", "retention")
    assert result.code == 2
    assert result.err.startswith("RETENTION_DAYS: Input should be greater than or equal to 1")
