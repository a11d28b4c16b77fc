"""`people forget`: a person's id and email are replaced everywhere by one pseudonym, the
jurisdiction keeps its answers, and what is still to be sent to them never goes out."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import (
    Answer,
    AnswerHistory,
    AuditEvent,
    OutboxMessage,
    Participant,
    Review,
    SlackName,
    Submission,
)
from store.tombstones import ForgottenPersonError
from tests.conftest import FORGET_KEY, NOW, CliResult
from tests.privacy_world import EMAIL, FORGET, NAME, NEIGHBOUR, POC, cells_holding, seed

Cli = Callable[..., CliResult]


def statuses(sessions: sessionmaker[Session]) -> dict[str, str | None]:
    with sessions() as session:
        return {a.recommendation_id: a.status for a in session.scalars(select(Answer))}


def test_forget_replaces_the_person_everywhere_and_keeps_the_answers(
    run_cli: Cli, sessions: sessionmaker[Session]
) -> None:
    seed(sessions, NOW)
    before = statuses(sessions)
    assert cells_holding(sessions, FORGET)  # the person is all over the store

    result = run_cli("people", "forget", FORGET)

    assert result.code == 0, result.err
    pseudonym = re.search(r"now (forgotten-[0-9a-f]{10})", result.out)
    assert pseudonym is not None, result.out
    alias = pseudonym.group(1)
    # Neither the id nor the email is left anywhere, except inside the longer neighbour id.
    leftovers = [c for c in cells_holding(sessions, FORGET) if NEIGHBOUR not in c]
    assert leftovers == []
    assert cells_holding(sessions, EMAIL) == []
    assert cells_holding(sessions, NAME) == []  # nor their name, cached or in notes
    assert statuses(sessions) == before  # the jurisdiction keeps its answers
    with sessions() as session:
        history = list(session.scalars(select(AnswerHistory).order_by(AnswerHistory.id)))
        assert [h.changed_by for h in history] == [alias, POC, NEIGHBOUR]
        assert history[1].after_notes == f"Asked <@{alias}> ({alias}, {alias})"
        assert history[0].after_notes == "Pilot with <@U0AG12>"  # the neighbour is untouched
        review = session.scalars(select(Review)).one()
        assert review.comment == f"{alias}: please add the funding source"
        assert session.scalars(select(Submission)).one().submitted_by == alias
        person = session.scalars(select(Participant).where(Participant.slack_user_id == alias))
        row = person.one()
        assert (row.active, row.email, row.tz) == (False, alias, None)
        neighbour = session.scalars(
            select(Participant).where(Participant.slack_user_id == NEIGHBOUR)
        ).one()
        assert neighbour.active
        outbox = {m.idempotency_key: m for m in session.scalars(select(OutboxMessage))}
        digest = outbox[f"digest:{alias}:2027-03-01"]  # its key named the person too
        assert (digest.status, digest.recipient) == ("failed", alias)
        assert digest.failure_reported  # not reported to the Committee as a failure
        assert (outbox["about"].status, outbox["about"].recipient) == ("pending", POC)
        assert outbox["about"].payload["text"] == f"news for <@{alias}>"

    audit = run_cli("audit", "list").out.splitlines()
    (forgot,) = [line for line in audit if " forget " in line]
    assert alias in forgot and "operator:" in forgot
    assert any(line.split()[2] == alias for line in audit)  # their own export, now anonymous
    assert FORGET not in "\n".join(audit)  # the log names the pseudonym, never the person


def test_forget_by_email_and_twice(run_cli: Cli, sessions: sessionmaker[Session]) -> None:
    seed(sessions, NOW)
    assert run_cli("people", "forget", EMAIL.upper()).code == 0
    assert [c for c in cells_holding(sessions, FORGET) if NEIGHBOUR not in c] == []

    again = run_cli("people", "forget", FORGET)
    assert again.code == 2
    assert again.err == f"Nothing is stored about {FORGET} (or they were forgotten already).\n"


def test_forget_refuses_what_is_not_a_person(run_cli: Cli, sessions: sessionmaker[Session]) -> None:
    seed(sessions, NOW)
    for who, message in (
        ("not an id", "“not an id” is neither a Slack user id (U…) nor an email address.\n"),
        ("nobody@example.org", "No one with the email address nobody@example.org is stored"),
        ("U0NOBODY", "Nothing is stored about U0NOBODY"),
    ):
        result = run_cli("people", "forget", who)
        assert result.code == 2
        assert result.err.startswith(message)
    assert cells_holding(sessions, "forgotten-") == []  # nothing was written


def test_the_store_refuses_a_forgotten_person_until_readmitted_by_email(
    run_cli: Cli, sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sessions, NOW)
    assert run_cli("people", "forget", EMAIL.upper()).code == 0

    with sessions() as session, session.begin():  # a name from Slack is dropped quietly
        session.add(SlackName(user_id=FORGET, name=NAME, checked_at=NOW))
    with sessions() as session:
        assert session.get(SlackName, FORGET) is None
    with pytest.raises(ForgottenPersonError), sessions() as session, session.begin():
        session.add(Participant(slack_user_id="U0NEW", role="agency", email=EMAIL, created_at=NOW))
    monkeypatch.delenv("FORGET_KEY")
    refused = run_cli("people", "readmit", FORGET)
    assert refused.code == 2 and "Set FORGET_KEY" in refused.err  # a key must be set

    monkeypatch.setenv("FORGET_KEY", FORGET_KEY)
    assert (
        run_cli("people", "readmit", EMAIL.lower()).out == f"{EMAIL.lower()} may be added again.\n"
    )
    with sessions() as session, session.begin():
        session.add(Participant(slack_user_id="U0NEW", role="agency", email=EMAIL, created_at=NOW))
    assert run_cli("people", "readmit", EMAIL).out == f"{EMAIL} was not forgotten here.\n"
    with sessions() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["forget", "readmit"]
