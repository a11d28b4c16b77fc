"""Forgetting is final and complete: after the Committee forgets a person, nothing in any table
names them (their id, email address, display name in any case or accent, their DM channel), and
neither a Slack event, a contact import nor an invitation brings them back; only a deliberate,
audited readmission does."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from bot.workflows.outbox import enqueue
from bot.workflows.walk import answers
from sandbox.slack import FakeSlack
from store.models import AuditEvent, Cycle, Participant, Review, SlackName, Submission, Walk
from tests.clock import Clock
from tests.conftest import CliResult
from tests.e2e.conftest import SECRET
from tests.e2e.test_forget import CONFIRMED, open_forget
from tests.privacy_world import traces
from tests.slack_driver import SlackDriver, text_of

EMAIL = "zoe.aberg@dfps.example.gov"


def renamed(slack: SlackDriver, name: str) -> None:
    profile = {"display_name": name, "real_name": name}
    slack.event({"type": "user_change", "user": {"id": "UAG1", "profile": profile}})


def spelt(name: str) -> list[str]:
    """The name as people type it: upper case, decomposed accents, without accents."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return [name.upper(), unicodedata.normalize("NFD", name), bare, bare.lower()]


def traces_everywhere(db: sessionmaker[Session], clock: Clock, name: str) -> None:
    """The person in every kind of table: answers, history, review, submission, messages."""
    forms = spelt(name)
    with db() as session, session.begin():
        cycle_id = session.scalars(select(Cycle.id)).one()
        session.scalars(
            select(Participant).where(Participant.slack_user_id == "UAG1")
        ).one().email = EMAIL
        for number, form in enumerate(forms, start=1):
            answers.record(
                session,
                cycle_id=cycle_id,
                jurisdiction="TX",
                rec_id=f"HOU-{number}",
                actor="UPOC",
                agency="",
                source="modal",
                now=clock.now,
                status="tier_1",
                notes=f"Asked {form} about the pilot",
                resources=f"time with {form}",
            )
        answer_id = session.scalars(select(Review.answer_id)).first() or 1
        session.add(
            Review(
                answer_id=answer_id,
                version=1,
                decision="changes",
                comment=f"{forms[0]}: please add the funding source",
                reviewed_by="UPOC",
                reviewed_at=clock.now,
            )
        )
        session.add(
            Submission(
                cycle_id=cycle_id,
                jurisdiction_code="TX",
                submitted_by="UPOC",
                submitted_at=clock.now,
                reopened_by="UCOM",
                reopened_at=clock.now,
                reopen_reason=f"{forms[1]} has more to add",
            )
        )
        enqueue(
            session,
            key="review:1:changes",
            kind="review_changes",
            recipient="UAG1",
            text=f"{name}, changes were asked",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"Hi {name}"}}],
            now=clock.now,
        )


@pytest.mark.parametrize("name", ["Zoë Åberg", "Casey Worker"])
def test_a_forgotten_person_leaves_nothing_and_slack_cannot_bring_them_back(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    clock: Clock,
    run_cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
) -> None:
    renamed(slack, name)
    # their walk lives in their DM with the bot
    slack.command("UAG1", "housing", channel=fake.dm_channel("UAG1"))
    with db() as session:
        channel = session.scalars(select(Walk.channel_id)).one()
        assert session.get(SlackName, "UAG1") is not None
    assert channel == fake.dm_channel("UAG1")
    traces_everywhere(db, clock, name)
    needles = ["UAG1", EMAIL, name, *spelt(name), channel]
    assert len(traces(db, *needles)) > 10

    modal = open_forget(slack, fake, "UCOM")
    who = {ids.FORGET_TEXT: {ids.FORGET_TEXT: EMAIL.upper()}}
    slack.submit("UCOM", modal, {**who, **CONFIRMED})
    assert fake.messages(fake.dm_channel("UCOM"))[-1]["text"].startswith("Done: that person")

    renamed(slack, name)  # Slack keeps telling the bot about everyone's profile
    slack.event({"type": "team_join", "user": {"id": "UAG1", "profile": {"display_name": name}}})
    slack.open_home("UAG1")
    assert traces(db, *needles) == []

    # Adding them again is refused, from Slack and from a contacts file alike ...
    slack.command("UPOC", "invite")
    invite = fake.views("UPOC")[-1]
    slack.submit(
        "UPOC",
        invite,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG1"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Housing Authority"},
            ids.TOPICS: {ids.TOPICS: ["housing"]},
        },
    )
    assert "was forgotten at their request" in text_of(fake.ephemerals("UPOC")[-1])
    monkeypatch.setenv("FORGET_KEY", SECRET)  # the operator's shell has the web's key
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "jurisdiction,role,slack_user_id,email,agency,topics\n"
        f"TX,agency,UAG1,{EMAIL},TX Housing Authority,housing\n"
    )
    imported = run_cli("import-contacts", contacts)
    assert imported.code != 0 and "forgotten at their request" in imported.err
    assert traces(db, *needles) == []

    # ... until an operator readmits them deliberately, which the audit log records.
    assert run_cli("people", "readmit", "UAG1").code == 0
    with db() as session:
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["forget", "readmit"]


def test_only_the_committee_readmits_a_forgotten_person_who_can_then_be_invited(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    modal = open_forget(slack, fake, "UCOM")
    slack.submit("UCOM", modal, {ids.FORGET_USER: {ids.FORGET_USER: "UAG1"}, **CONFIRMED})

    slack.command("UPOC", "readmit <@UAG1|zoe>")
    assert text_of(fake.ephemerals("UPOC")[-1]) == "Only Committee members can do that."
    slack.command("UCOM", "readmit <@UAG1|zoe>")
    assert "may be added again" in text_of(fake.ephemerals("UCOM")[-1])
    slack.command("UCOM", "readmit UAG1")
    assert "No forgotten person matches" in text_of(fake.ephemerals("UCOM")[-1])

    slack.command("UPOC", "invite")
    slack.submit(
        "UPOC",
        fake.views("UPOC")[-1],
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG1"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Housing Authority"},
            ids.TOPICS: {ids.TOPICS: ["housing"]},
        },
    )
    with db() as session:
        rows = session.execute(select(AuditEvent.actor, AuditEvent.action).order_by(AuditEvent.id))
        assert list(rows) == [("UCOM", "forget"), ("UCOM", "readmit")]
        again = session.scalars(select(Participant).where(Participant.slack_user_id == "UAG1"))
        assert [p.active for p in again] == [True]


def test_a_profile_change_of_someone_who_takes_no_part_is_not_stored(
    slack: SlackDriver, texas: None, db: sessionmaker[Session]
) -> None:
    profile = {"display_name": "Zoë Åberg", "real_name": "Zoë Åberg"}
    slack.event({"type": "user_change", "user": {"id": "USTRANGER", "profile": profile}})
    slack.event({"type": "user_change", "user": {"id": "UAG1", "profile": profile}})
    with db() as session:
        assert list(session.scalars(select(SlackName.user_id))) == ["UAG1"]
