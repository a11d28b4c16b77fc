"""People from other organisations, over the real endpoint and the stand-in's second
organisation: a point of contact invites an email, Slack Connect's events make the person a
participant, who answers in the shared channel's thread; everything else stays refused."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from bot.jobs import sweep_invitations
from sandbox.driver import NotForThem
from sandbox.slack import FakeSlack
from sandbox.slack.partners import PARTNER_TEAM
from store.enums import InviteStatus
from store.models import AnswerHistory, ConnectInvite, Participant
from tests.clock import Clock
from tests.e2e.conftest import RunningBot
from tests.hostile import click as hostile_click
from tests.slack_driver import SlackDriver, text_of

pytestmark = pytest.mark.usefixtures("texas")
EMAIL = "ana@court.example"


def invite_by_email(
    slack: SlackDriver, fake: FakeSlack, *emails: str, topics: tuple[str, ...] = ("housing",)
) -> None:
    slack.command("UPOC", "invite")
    modal = fake.views("UPOC")[-1]
    values: dict[str, Any] = {
        ids.AGENCY_NAME: {ids.AGENCY_NAME: "County Court"},
        ids.TOPICS: {ids.TOPICS: list(topics)},
    }
    for n, email in enumerate(emails, 1):
        key = f"{ids.INVITE_EMAIL}_{n}"
        values[key] = {key: email}
    assert slack.submit("UPOC", modal, values).status == 200


def shared_channel(fake: FakeSlack) -> str:
    """The channel the bot created and shared (the first invitation's)."""
    return str(fake.calls("conversations.inviteShared")[0].args["channel"])


def invites(db: sessionmaker[Session]) -> list[tuple[str, str]]:
    with db() as s:
        return [(r.email, r.status) for r in s.scalars(select(ConnectInvite))]


def accepted(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], user: str = "UEXT1"
) -> str:
    """Invite EMAIL for housing; the person accepts in their own organisation's Slack."""
    invite_by_email(slack, fake, EMAIL)
    assert slack.event(fake.accept_invite(EMAIL, user=user, name="Ana")).status == 200
    return shared_channel(fake)


def test_inviting_an_email_not_in_the_workspace_sends_one_invitation_and_leaves_it_pending(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    invite_by_email(slack, fake, EMAIL)
    (created,) = fake.calls("conversations.create")
    assert created.args["name"] == "assess-tx"
    (sent,) = fake.calls("conversations.inviteShared")
    assert sent.args["emails"] == EMAIL  # one address per call, as Slack takes them
    assert str(sent.args["external_limited"]).lower() in ("true", "1")
    assert invites(db) == [(EMAIL, InviteStatus.PENDING)]
    (joined,) = fake.calls("conversations.invite")
    assert joined.args["users"] == "UPOC"  # the point of contact is in the shared channel
    line = text_of(fake.ephemerals("UPOC")[-1])
    assert EMAIL in line and "once they accept" in line
    slack.command("UPOC", "people")
    listed = text_of(fake.ephemerals("UPOC")[-1])
    assert EMAIL in listed and "pending since" in listed
    home = fake.home("UPOC")
    assert home is not None and EMAIL in text_of(home) and "pending since" in text_of(home)
    # the same address again is not sent twice
    invite_by_email(slack, fake, EMAIL)
    assert len(fake.calls("conversations.inviteShared")) == 1
    assert "Already invited and still pending" in text_of(fake.ephemerals("UPOC")[-1])


def test_acceptance_makes_a_participant_who_answers_in_the_shared_channels_thread(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    channel = accepted(slack, fake, db)
    with db() as s:
        member = s.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).one()
        assert (member.jurisdiction_code, member.role, member.topics) == (
            "TX",
            "agency",
            ["housing"],
        )
    assert invites(db) == [(EMAIL, InviteStatus.JOINED)]
    (welcome,) = [m for m in fake.messages(channel) if m.get("user") == "UBOT"]
    assert "<@UEXT1>" in text_of(welcome) and "County Court" in text_of(welcome)
    assert slack.click("UEXT1", welcome, ids.CONTINUE).status == 200
    parent = fake.messages(channel, top_level_only=True)[-1]
    assert "Housing" in text_of(parent)
    question = fake.messages(channel, thread_ts=parent["ts"])[-1]
    assert slack.click("UEXT1", question, f"{ids.ANSWER}:tier_1").status == 200
    with db() as s:
        (row,) = s.scalars(select(AnswerHistory)).all()
        assert (row.changed_by, row.jurisdiction_code) == ("UEXT1", "TX")
    # no Home is drawn for them: Slack gives a person of another organisation none
    assert [c for c in fake.calls("views.publish") if c.args.get("user_id") == "UEXT1"] == []


def test_where_an_admin_must_approve_the_person_joins_on_the_approval(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    invite_by_email(slack, fake, EMAIL)
    slack.event(fake.accept_invite(EMAIL, user="UEXT1", approval_required=True))
    assert invites(db) == [(EMAIL, InviteStatus.APPROVAL)]
    slack.command("UPOC", "people")
    assert "waiting for their admin" in text_of(fake.ephemerals("UPOC")[-1])
    slack.event(fake.approve_invite(EMAIL))
    assert invites(db) == [(EMAIL, InviteStatus.JOINED)]


def test_a_partners_request_is_served_for_their_jurisdiction_only(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    channel = accepted(slack, fake, db)
    (welcome,) = [m for m in fake.messages(channel) if m.get("user") == "UBOT"]
    # the same button, for another jurisdiction: served (they are a partner here) but refused
    other = json.loads(json.dumps(welcome))
    for block in other["blocks"]:
        if block.get("accessory", {}).get("action_id") == ids.CONTINUE:
            block["accessory"]["value"] = "housing CA"
    assert slack.click("UEXT1", other, ids.CONTINUE).status == 200
    assert "not for CA" in text_of(fake.ephemerals("UEXT1")[-1])
    # from any other channel than their jurisdiction's shared one: refused at the door
    elsewhere = {**welcome, "channel": "C0WALK"}
    assert slack.click("UEXT1", elsewhere, ids.CONTINUE).status == 403
    # slash commands and App Home are not theirs: the stand-in will not even send them
    with pytest.raises(NotForThem):
        slack.command("UEXT1", "housing", channel=channel)
    with pytest.raises(NotForThem):
        slack.open_home("UEXT1")
    forged = slack.form(
        {
            "command": "/assess",
            "text": "housing",
            "user_id": "UEXT1",
            "channel_id": channel,
            "team_id": PARTNER_TEAM,
            "trigger_id": fake.new_trigger_id("UEXT1"),
        }
    )
    assert forged.status == 403
    # the confinement was the partner's request's alone: the Committee still sees everything
    for _ in range(3):
        slack.click("UEXT1", welcome, ids.CONTINUE)
        slack.command("UCOM", "committee")
        assert "Only Committee members" not in text_of(fake.ephemerals("UCOM")[-1])


def test_a_forged_request_from_an_unknown_team_is_still_refused(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    channel = accepted(slack, fake, db)
    forged = hostile_click(team={"id": "T0UNKNOWN", "domain": "elsewhere"})
    forged["user"] = {"id": "UEXT1", "username": "ana", "team_id": "T0UNKNOWN"}
    forged["channel"] = {"id": channel}
    forged["container"] = {"type": "message", "channel_id": channel, "message_ts": "1.0"}
    reply = slack.send(
        urlencode({"payload": json.dumps(forged)}), "application/x-www-form-urlencoded"
    )
    assert reply.status == 403
    # a partner who never accepted an invitation is refused too
    stranger = hostile_click(team={"id": PARTNER_TEAM, "domain": "partner"})
    stranger["user"] = {"id": "UEXT9", "username": "x", "team_id": PARTNER_TEAM}
    stranger["channel"] = {"id": channel}
    stranger["container"] = {"type": "message", "channel_id": channel, "message_ts": "1.0"}
    reply = slack.send(
        urlencode({"payload": json.dumps(stranger)}), "application/x-www-form-urlencoded"
    )
    assert reply.status == 403


def test_a_declined_invitation_tells_the_point_of_contact(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    invite_by_email(slack, fake, EMAIL)
    slack.event(fake.decline_invite(EMAIL))
    assert invites(db) == [(EMAIL, InviteStatus.DECLINED)]
    told = [m for m in fake.messages(fake.dm_channel("UPOC")) if m.get("user") == "UBOT"]
    assert any("declined" in text_of(m) and EMAIL in text_of(m) for m in told)


def test_the_pending_reminder_goes_out_once_then_the_invitation_expires(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], bot: RunningBot, clock: Clock
) -> None:
    invite_by_email(slack, fake, EMAIL)

    def told() -> list[str]:
        dm = fake.messages(fake.dm_channel("UPOC"))
        return [text_of(m) for m in dm if m.get("user") == "UBOT"]

    before = len(told())
    clock.advance(days=7)
    sweep_invitations(bot.app.deps)
    clock.advance(hours=1)
    sweep_invitations(bot.app.deps)
    reminders = [t for t in told()[before:] if "pending since" in t]
    assert len(reminders) == 1 and EMAIL in reminders[0]
    clock.advance(days=7)
    sweep_invitations(bot.app.deps)
    assert any("expired" in t for t in told()[before:])
    assert invites(db) == [(EMAIL, InviteStatus.EXPIRED)]


def test_without_slack_connect_the_point_of_contact_is_told_in_one_line_and_nothing_is_kept(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    fake.set_connect_error("not_paid")
    invite_by_email(slack, fake, EMAIL, "bo@court.example")
    assert invites(db) == []
    line = text_of(fake.ephemerals("UPOC")[-1])
    assert "Slack Connect is not available" in line and "`not_paid`" in line
    assert len(fake.calls("conversations.inviteShared")) == 1  # the first refusal stops the rest
    # inviting people of the workspace still works
    slack.command("UPOC", "invite")
    modal = fake.views("UPOC")[-1]
    slack.submit(
        "UPOC",
        modal,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG2"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "Courts"},
            ids.TOPICS: {ids.TOPICS: ["housing"]},
        },
    )
    with db() as s:
        assert s.scalars(select(Participant).where(Participant.slack_user_id == "UAG2")).one()


def choose(slack: SlackDriver, fake: FakeSlack, what: str) -> None:
    """In `/assess people`, pick `what` (Send again, Cancel invitation) in the first menu."""
    slack.command("UPOC", "people")
    listing = fake.ephemerals("UPOC")[-1]
    menu = next(
        b["accessory"]
        for b in listing["blocks"]
        if b.get("accessory", {}).get("type") == "overflow"
    )
    option = next(o for o in menu["options"] if o["text"]["text"] == what)
    action = {"action_id": menu["action_id"], "block_id": "b", "type": "overflow"}
    slack.act("UPOC", {**action, "selected_option": option}, message=listing, ephemeral=True)


def test_the_point_of_contact_cancels_and_sends_again_from_the_pending_list(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    invite_by_email(slack, fake, EMAIL)
    choose(slack, fake, "Cancel invitation")
    assert invites(db) == [(EMAIL, InviteStatus.CANCELLED)]
    assert "Cancelled the invitation" in text_of(fake.ephemerals("UPOC")[-1])
    # accepting a cancelled invitation makes nobody a participant
    slack.event(fake.accept_invite(EMAIL, user="UEXT1"))
    with db() as s:
        assert not s.scalars(select(Participant).where(Participant.slack_user_id == "UEXT1")).all()
    invite_by_email(slack, fake, "bo@court.example")
    slack.event(fake.decline_invite("bo@court.example"))
    choose(slack, fake, "Send again")
    assert len(fake.calls("conversations.inviteShared")) == 3
    assert (("bo@court.example", InviteStatus.PENDING)) in invites(db)
    assert "Sent the invitation to bo@court.example again" in text_of(fake.ephemerals("UPOC")[-1])
