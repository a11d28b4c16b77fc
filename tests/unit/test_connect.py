"""People from other organisations on a real database: invitations by email through Slack
Connect, Slack's answers to them, the pending list and its reminder, and the partner rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.compose import Composer, slack_text
from bot.handlers import ids
from bot.workflows import policy
from bot.workflows.errors import InvalidInput, NotAllowed, NotFound
from bot.workflows.people import connect, connect_events, pending
from bot.workflows.people.membership import Outcome
from messages import Renderer
from store.enums import InviteStatus
from store.models import ConnectInvite, OutboxMessage, Participant
from tests.factories import add_cycle, add_participant

PARTNER_TEAM = "T0PARTNER"


@pytest.fixture
def compose(catalog: Catalog) -> Composer:
    return Composer(Renderer(ids=ids.as_dict(), draft=catalog.is_draft))


@pytest.fixture
def texas(sessions: sessionmaker[Session], now: datetime) -> sessionmaker[Session]:
    add_cycle(sessions, now=now)
    add_participant(sessions, "UPOC", "TX", "poc", now=now)
    add_participant(sessions, "UOKPOC", "OK", "poc", now=now)
    add_participant(sessions, "UAG1", "TX", "agency", now=now, topics=["housing"])
    return sessions


@pytest.fixture
def session(texas: sessionmaker[Session]) -> Iterator[Session]:
    with texas() as s, s.begin():
        yield s


def said(out: Outcome) -> str:
    return " ".join(slack_text(s) for s in out.said)


def invited(
    session: Session, catalog: Catalog, now: datetime, *emails: str, place: str = "TX"
) -> connect.Plan:
    """The POC of `place` invites `emails` for housing; Slack accepted each (invite ids I1…)."""
    poc = "UPOC" if place == "TX" else "UOKPOC"
    plan = connect.plan(
        session, catalog, user=poc, emails=emails, agency="County Court", topics=["housing"]
    )
    if plan.channel is None:
        connect.record_channel(
            session, jurisdiction=place, channel=f"C0SHARED{place}", by=poc, now=now
        )
    sent = [(e, f"I{place}{n}") for n, e in enumerate(plan.emails, 1)]
    connect.record_sent(session, catalog, user=poc, plan=plan, sent=sent, now=now)
    return plan


def outbox(session: Session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_plan_checks_addresses_and_names_the_channel_to_create(
    session: Session, catalog: Catalog
) -> None:
    plan = connect.plan(
        session,
        catalog,
        user="UPOC",
        emails=[" Ana@Court.example ", "ana@court.example", ""],
        agency="  County   Court ",
        topics=["housing"],
    )
    assert plan.emails == ("ana@court.example",)
    assert (plan.channel, plan.channel_name, plan.agency) == (None, "assess-tx", "County Court")
    with pytest.raises(InvalidInput, match="is not an email address"):
        connect.plan(session, catalog, user="UPOC", emails=["nope"], agency="A", topics=[])
    with pytest.raises(InvalidInput, match="is not an email address"):
        connect.plan(session, catalog, user="UPOC", emails=["<a@b.c>"], agency="A", topics=[])


def test_only_a_point_of_contact_invites_by_email(session: Session, catalog: Catalog) -> None:
    for user in ("UAG1", "UNOBODY"):
        with pytest.raises((NotAllowed, InvalidInput)):
            connect.plan(session, catalog, user=user, emails=["a@b.org"], agency="A", topics=[])


def test_a_sent_invitation_is_pending_and_not_sent_twice(
    session: Session, catalog: Catalog, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    row = session.scalars(select(ConnectInvite)).one()
    assert (row.status, row.invite_id, row.topics, row.invited_by) == (
        InviteStatus.PENDING,
        "ITX1",
        ["housing"],
        "UPOC",
    )
    again = connect.plan(
        session, catalog, user="UPOC", emails=["ana@court.example"], agency="A", topics=[]
    )
    assert again.emails == () and again.already == ("ana@court.example",)
    assert again.channel == "C0SHARED" + "TX"
    listed = pending.pending_invites(session, "TX", now=now)
    assert [(i.email, i.status) for i in listed] == [("ana@court.example", "pending")]


def test_acceptance_makes_a_participant_with_the_topics_and_welcomes_them_in_the_channel(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    out = connect_events.accepted(
        session,
        catalog,
        compose,
        invite_id="ITX1",
        user="UEXT1",
        team=PARTNER_TEAM,
        approval_required=False,
        now=now,
    )
    member = session.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).one()
    assert (member.jurisdiction_code, member.role, member.topics, member.agency) == (
        "TX",
        "agency",
        ["housing"],
        "County Court",
    )
    (welcome,) = outbox(session)
    assert welcome.recipient == "C0SHAREDTX" and welcome.kind == "partner_welcome"
    assert out.keys == [welcome.idempotency_key]
    assert "<@UEXT1>" in welcome.payload["text"]
    # Slack retries the event: nothing more happens
    again = connect_events.accepted(
        session,
        catalog,
        compose,
        invite_id="ITX1",
        user="UEXT1",
        team=PARTNER_TEAM,
        approval_required=False,
        now=now,
    )
    assert again.keys == [] and len(outbox(session)) == 1
    assert pending.pending_invites(session, "TX", now=now) == ()


def test_where_an_admin_must_approve_the_approval_makes_the_participant(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    connect_events.accepted(
        session,
        catalog,
        compose,
        invite_id="ITX1",
        user="UEXT1",
        team=PARTNER_TEAM,
        approval_required=True,
        now=now,
    )
    assert (
        session.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).all() == []
    )
    assert [i.status for i in pending.pending_invites(session, "TX", now=now)] == ["approval"]
    connect_events.approved(
        session, catalog, compose, invite_id="ITX1", user="UEXT1", team="", now=now
    )
    member = session.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).one()
    assert member.topics == ["housing"]


def test_a_declined_invitation_tells_the_point_of_contact_once(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    connect_events.declined(session, compose, invite_id="ITX1", now=now)
    connect_events.declined(session, compose, invite_id="ITX1", now=now)
    (told,) = outbox(session)
    assert told.recipient == "UPOC" and "declined" in told.payload["text"]
    assert "ana@court.example" in told.payload["text"]
    assert [i.status for i in pending.pending_invites(session, "TX", now=now)] == ["declined"]


def test_the_pending_reminder_goes_out_once_and_an_unanswered_invitation_expires(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    assert connect_events.sweep(session, compose, now=now + timedelta(days=6)).keys == []
    first = connect_events.sweep(session, compose, now=now + timedelta(days=7))
    second = connect_events.sweep(session, compose, now=now + timedelta(days=8))
    assert len(first.keys) == 1 and second.keys == []
    (reminder,) = outbox(session)
    assert reminder.recipient == "UPOC" and "pending since" in reminder.payload["text"]
    connect_events.sweep(session, compose, now=now + timedelta(days=14))
    expired = outbox(session)[-1]
    assert expired.kind == "partner_expired" and expired.recipient == "UPOC"
    assert [i.status for i in pending.pending_invites(session, "TX", now=now)] == ["expired"]


def test_cancel_and_resend(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    row = session.scalars(select(ConnectInvite)).one()
    with pytest.raises(NotFound):  # another state's POC
        connect_events.cancel(session, user="UOKPOC", row=row.id, now=now)
    out = connect_events.cancel(session, user="UPOC", row=row.id, now=now)
    assert "Cancelled the invitation of ana@court.example" in said(out)
    # an acceptance that still arrives makes nobody a participant
    connect_events.accepted(
        session,
        catalog,
        compose,
        invite_id="ITX1",
        user="UEXT1",
        team=PARTNER_TEAM,
        approval_required=False,
        now=now,
    )
    assert (
        session.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).all() == []
    )
    assert connect_events.resend_target(session, user="UPOC", row=row.id) == (
        "C0SHAREDTX",
        "ana@court.example",
    )
    later = now + timedelta(days=3)
    connect_events.resent(session, user="UPOC", row=row.id, invite_id="ITX9", now=later)
    assert (row.status, row.invite_id, row.sent_at) == (InviteStatus.PENDING, "ITX9", later)


def test_a_partners_request_is_served_only_for_the_jurisdiction_whose_channel_it_came_from(
    session: Session, catalog: Catalog, compose: Composer, now: datetime
) -> None:
    invited(session, catalog, now, "ana@court.example")
    invited(session, catalog, now, "ana@court.example", place="OK")
    for invite_id in ("ITX1", "IOK1"):
        connect_events.accepted(
            session,
            catalog,
            compose,
            invite_id=invite_id,
            user="UEXT1",
            team=PARTNER_TEAM,
            approval_required=False,
            now=now,
        )
    scope = policy.partner_scope
    assert scope(session, user="UEXT1", team=PARTNER_TEAM, channel="C0SHAREDTX") == ("TX",)
    assert scope(session, user="UEXT1", team=PARTNER_TEAM, channel="C0SHAREDOK") == ("OK",)
    assert scope(session, user="UEXT1", team=PARTNER_TEAM, channel="C0ELSEWHERE") == ()
    assert scope(session, user="UEXT1", team="T0OTHER", channel="C0SHAREDTX") == ()
    assert scope(session, user="UNOBODY", team=PARTNER_TEAM, channel="C0SHAREDTX") == ()
    assert scope(session, user="UEXT1", team=PARTNER_TEAM, channel=None) == ("OK", "TX")
    assert scope(session, user="UEXT1", team=PARTNER_TEAM, channel="DUEXT1") == ("OK", "TX")
    policy.confine(("TX",))
    try:
        actor = policy.load_actor(session, "UEXT1")
    finally:
        policy.confine(None)
    assert actor.jurisdictions == ("TX",)
    assert policy.may(actor, policy.Action.ANSWER, jurisdiction="TX", topic="housing")
    assert not policy.may(actor, policy.Action.ANSWER, jurisdiction="OK", topic="housing")
    assert policy.load_actor(session, "UEXT1").jurisdictions == ("OK", "TX")
