"""The Committee names a point of contact, who invites agencies, changes and revokes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, OutboxMessage, Participant, Walk
from tests.clock import Clock
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of


@pytest.fixture
def committee(db: sessionmaker[Session], clock: Clock) -> None:
    add_cycle(db, now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)


@pytest.fixture
def texas(committee: None, db: sessionmaker[Session], clock: Clock) -> None:
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)


def dms(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    return [m for m in fake.messages(fake.dm_channel(user)) if m.get("user") == "UBOT"]


def said(fake: FakeSlack, user: str) -> str:
    return text_of(fake.ephemerals(user)[-1])


def open_modal(slack: SlackDriver, fake: FakeSlack, user: str, word: str) -> dict[str, Any]:
    """`/assess <word>` opens its modal straight away."""
    slack.command(user, word)
    return fake.views(user)[-1]


def invite(
    slack: SlackDriver, fake: FakeSlack, users: list[str], agency: str, topics: list[str]
) -> None:
    modal = open_modal(slack, fake, "UPOC", "invite")
    assert modal["view"]["callback_id"] == ids.INVITE_MODAL
    slack.submit(
        "UPOC",
        modal,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: users},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: agency},
            ids.TOPICS: {ids.TOPICS: topics},
        },
    )


def member_button(
    db: sessionmaker[Session], user: str, action: str
) -> Callable[[dict[str, Any]], bool]:
    with db() as s:
        member_id = s.scalars(
            select(Participant.id).where(Participant.slack_user_id == user, Participant.active)
        ).one()
    return lambda b: b["action_id"] == action and b.get("value") == str(member_id)


def test_committee_names_a_poc_who_is_welcomed_once_even_if_the_modal_is_sent_twice(
    slack: SlackDriver,
    fake: FakeSlack,
    committee: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    modal = open_modal(slack, fake, "UCOM", "admin")
    transcript.expect("views.open")
    assert modal["view"]["callback_id"] == ids.ADMIN_MODAL
    assert "2027 State Self-Assessment" in str(modal["view"]["blocks"])
    choice = {
        ids.POC_JURISDICTION: {ids.POC_JURISDICTION: "TX"},
        ids.POC_USER: {ids.POC_USER: "UPOC"},
    }
    slack.submit("UCOM", modal, choice)
    dm, confirm, homes, names = (
        ["conversations.open", "chat.postMessage"],
        ["chat.postEphemeral"],
        ["views.publish"] * 2,
        ["users.info"] * 2,
    )
    transcript.expect(*dm, *confirm, *names, *homes)  # names before the Homes that show them
    assert "<@UPOC> is now Texas's point of contact" in said(fake, "UCOM")
    slack.submit("UCOM", modal, choice)
    assert "already Texas's point of contact" in said(fake, "UCOM")
    [welcome] = dms(fake, "UPOC")
    shown = text_of(welcome)
    assert "*Texas*'s point of contact" in shown and "`/assess invite`" in shown
    assert "Wed 31 Mar 2027" in shown and "identify a child or youth" in shown
    assert fake.home("UPOC") is not None  # their Home now shows Texas
    with db() as s:
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        poc = s.scalars(select(Participant).where(Participant.role == "poc")).one()
        assert (poc.slack_user_id, poc.jurisdiction_code, poc.invited_by) == ("UPOC", "TX", "UCOM")


def test_a_new_poc_replaces_the_old_one_whose_answers_stay_theirs(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    slack.command("UPOC", "housing")
    question = [m for m in fake.messages("C0WALK") if m.get("thread_ts") != m["ts"]][-1]
    slack.click("UPOC", question, "walk_answer:tier_1")
    modal = open_modal(slack, fake, "UCOM", "admin")
    slack.submit(
        "UCOM",
        modal,
        {
            ids.POC_JURISDICTION: {ids.POC_JURISDICTION: "TX"},
            ids.POC_USER: {ids.POC_USER: "UOTHER"},
        },
    )
    assert "replacing <@UPOC>" in said(fake, "UCOM")
    assert "Your part has ended" in text_of(dms(fake, "UPOC")[-1])
    assert "point of contact" in text_of(dms(fake, "UOTHER")[-1])
    slack.command("UPOC", "housing")
    assert "has ended" in said(fake, "UPOC")
    with db() as s:
        assert s.scalars(select(Answer.answered_by)).one() == "UPOC"


def test_the_admin_form_checks_what_needs_no_database(
    slack: SlackDriver, fake: FakeSlack, committee: None, db: sessionmaker[Session]
) -> None:
    modal = open_modal(slack, fake, "UCOM", "admin")
    response = slack.submit("UCOM", modal, {ids.POC_JURISDICTION: {ids.POC_JURISDICTION: "TX"}})
    assert '"response_action":"errors"' in response.body.replace(" ", "")
    assert ids.POC_USER in response.body
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 1


def test_the_committee_moves_the_deadline_and_adds_a_member(
    slack: SlackDriver, fake: FakeSlack, committee: None, db: sessionmaker[Session]
) -> None:
    modal = open_modal(slack, fake, "UCOM", "admin")
    slack.submit(
        "UCOM",
        modal,
        {
            ids.CYCLE_DEADLINE: {ids.CYCLE_DEADLINE: "2027-04-30"},
            ids.COMMITTEE_USER: {ids.COMMITTEE_USER: "UOTHER"},
        },
    )
    assert "The deadline is now 2027-04-30" in said(fake, "UCOM")
    assert "joined the Committee" in said(fake, "UCOM")
    assert "added you to the Committee" in text_of(dms(fake, "UOTHER")[-1])
    slack.command("UOTHER", "admin")
    assert fake.views("UOTHER")[-1]["view"]["callback_id"] == ids.ADMIN_MODAL  # may use set-up


@pytest.mark.parametrize("user", ["UPOC", "USTRANGER"])
def test_admin_is_refused_to_anyone_outside_the_committee(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
    user: str,
) -> None:
    slack.command(user, "admin")
    transcript.expect("chat.postEphemeral")
    assert said(fake, user) == "Only Committee members can do that."
    assert fake.views(user) == []


def test_poc_invites_two_agencies_who_start_from_their_dm(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    invite(slack, fake, ["UAG2"], "TX <DFPS> & partners", ["child-welfare", "services"])
    assert "Invited <@UAG2> for *TX &lt;DFPS&gt; &amp; partners*" in said(fake, "UPOC")
    [first], [second] = dms(fake, "UAG1"), dms(fake, "UAG2")
    assert [b["value"] for b, _ in buttons(first)] == ["housing"]
    assert [b["value"] for b, _ in buttons(second)] == ["child-welfare", "services"]
    for dm in (first, second):
        assert "<@UPOC>" in text_of(dm) and "Wed 31 Mar 2027" in text_of(dm)
        assert "identify a child or youth" in text_of(dm)
    assert "&lt;DFPS&gt;" in text_of(second) and "<DFPS>" not in text_of(second)
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])  # the same, again
    assert len(dms(fake, "UAG1")) == 1
    transcript.new()
    slack.click("UAG1", first, ids.CONTINUE)
    parent = dms(fake, "UAG1")[1]
    assert "Housing · TX" in text_of(parent)
    with db() as s:
        walk = s.scalars(select(Walk)).one()
        assert (walk.slack_user_id, walk.topic, walk.channel_id) == ("UAG1", "housing", "DUAG1")


def test_an_agency_is_refused_outside_its_topics(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    slack.command("UAG1", "judiciary")
    assert "Your invitation covers other topic areas" in said(fake, "UAG1")
    slack.command("UAG1", "invite")
    assert "Only your state's point of contact" in said(fake, "UAG1")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Walk)) == 0


def test_poc_changes_an_agencys_topics_from_app_home(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    slack.open_home("UPOC")
    slack.click_home("UPOC", member_button(db, "UAG1", ids.MEMBER_EDIT))
    modal = fake.views("UPOC")[-1]
    assert modal["view"]["callback_id"] == ids.MEMBER_EDIT_MODAL
    slack.submit(
        "UPOC",
        modal,
        {
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Courts"},
            ids.TOPICS: {ids.TOPICS: ["judiciary"]},
        },
    )
    assert "changed your part" in text_of(dms(fake, "UAG1")[-1])
    assert [b["value"] for b, _ in buttons(dms(fake, "UAG1")[-1])] == ["judiciary"]
    home = text_of(fake.home("UPOC") or {})
    assert "TX Courts" in home and "Judiciary" in home
    slack.command("UAG1", "housing")
    assert "other topic areas" in said(fake, "UAG1")
    slack.command("UAG1", "judiciary")
    with db() as s:
        assert s.scalars(select(Walk.topic)).one() == "judiciary"


def test_a_revoked_member_is_refused_and_keeps_their_answers(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    slack.click("UAG1", dms(fake, "UAG1")[0], ids.CONTINUE)
    first = dms(fake, "UAG1")[-1]
    slack.click("UAG1", first, "walk_answer:tier_2")
    second = dms(fake, "UAG1")[-1]
    slack.open_home("UPOC")
    slack.click_home("UPOC", member_button(db, "UAG1", ids.MEMBER_REMOVE))
    assert "Removed <@UAG1>" in text_of(dms(fake, "UPOC")[-1])  # from App Home: a DM message
    assert "ended your part" in text_of(dms(fake, "UAG1")[-1])
    assert "<@UAG1> · *TX Housing Authority*" not in text_of(fake.home("UPOC") or {})
    slack.click("UAG1", second, "walk_answer:tier_1")
    assert "has ended" in said(fake, "UAG1")
    with db() as s:
        answer = s.scalars(select(Answer)).one()
        assert (answer.recommendation_id, answer.answered_by, answer.agency) == (
            "HOU-1",
            "UAG1",
            "TX Housing Authority",
        )
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 1


def test_only_the_poc_may_edit_or_remove(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session], clock: Clock
) -> None:
    add_participant(db, "UOTHER", "CA", "poc", now=clock.now)
    invite(slack, fake, ["UAG1", "UAG2"], "TX Housing Authority", ["housing"])
    slack.open_home("UPOC")
    blocks = (fake.home("UPOC") or {})["blocks"]
    for user, refusal in (
        ("UAG2", "Only your state's point of contact"),
        ("UOTHER", "You take part for CA, not for TX"),
        ("UCOM", "point of contact"),
    ):
        # A forged click: the POC's buttons, pressed by someone else.
        copy = {"channel": fake.dm_channel(user), "ts": "1.000001", "blocks": blocks}
        for action in (ids.MEMBER_EDIT, ids.MEMBER_REMOVE):
            slack.click(user, copy, member_button(db, "UAG1", action), ephemeral=True)
            assert refusal in said(fake, user)
    assert fake.views("UAG2") == fake.views("UOTHER") == fake.views("UCOM") == []
    with db() as s:
        revoked = select(func.count()).where(Participant.active.is_(False))
        assert s.scalar(revoked) == 0


def test_an_expired_trigger_falls_back_to_a_button_that_opens_the_modal(
    slack: SlackDriver, fake: FakeSlack, texas: None
) -> None:
    fake.fail("views.open", error="expired_trigger_id")
    slack.command("UCOM", "admin")
    assert fake.views("UCOM") == []
    slack.click("UCOM", fake.ephemerals("UCOM")[-1], ids.ADMIN_OPEN, ephemeral=True)
    assert fake.views("UCOM")[-1]["view"]["callback_id"] == ids.ADMIN_MODAL


@pytest.mark.parametrize(
    ("invitee", "refusal"),
    [
        ("UCOM", "UCOM is a Committee member"),
        ("UOTHER", "UOTHER is CA's point of contact"),
        ("UPOC", "You are the point of contact already"),
    ],
)
def test_the_poc_cannot_invite_the_committee_another_states_poc_or_themselves(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    clock: Clock,
    invitee: str,
    refusal: str,
) -> None:
    add_participant(db, "UOTHER", "CA", "poc", now=clock.now)
    modal = open_modal(slack, fake, "UPOC", "invite")
    chosen = {
        ids.INVITE_USERS: {ids.INVITE_USERS: [invitee]},
        ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Housing Authority"},
        ids.TOPICS: {ids.TOPICS: ["housing"]},
    }
    answer = json.loads(slack.submit("UPOC", modal, chosen).body)  # shown under the field
    assert answer["response_action"] == "errors"
    assert refusal in answer["errors"][ids.INVITE_USERS]
    assert fake.ephemerals("UPOC") == []
    assert dms(fake, invitee) == []
    slack.open_home("UCOM")
    assert "Committee overview" in text_of(fake.home("UCOM") or {})
    with db() as s:
        assert s.scalar(select(func.count()).where(Participant.role == "agency")) == 0


def test_inviting_someone_already_taking_part_adds_or_replaces_their_topics_and_tells_them(
    slack: SlackDriver, fake: FakeSlack, texas: None, db: sessionmaker[Session]
) -> None:
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    modal = open_modal(slack, fake, "UPOC", "invite")
    shown = text_of(modal["view"])
    assert "Already taking part" in shown and "<@UAG1> · TX Housing Authority: Housing" in shown
    chosen = {
        ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG1"]},
        ids.AGENCY_NAME: {ids.AGENCY_NAME: "TX Housing Authority"},
        ids.TOPICS: {ids.TOPICS: ["judiciary"]},
    }
    slack.submit("UPOC", modal, {**chosen, ids.INVITE_MODE: {ids.INVITE_MODE: "add"}})
    told = text_of(dms(fake, "UAG1")[-1])
    assert "changed your part" in told and "*Added:* Judiciary" in told
    assert [b["value"] for b, _ in buttons(dms(fake, "UAG1")[-1])] == ["housing", "judiciary"]
    modal = open_modal(slack, fake, "UPOC", "invite")
    assert "TX Housing Authority: Housing, Judiciary" in text_of(modal["view"])
    slack.submit("UPOC", modal, {**chosen, ids.INVITE_MODE: {ids.INVITE_MODE: "replace"}})
    told = text_of(dms(fake, "UAG1")[-1])
    assert "*No longer yours:* Housing" in told and "*Added:*" not in told
    slack.command("UAG1", "housing")
    assert "other topic areas" in said(fake, "UAG1")
    with db() as s:
        member = s.scalars(select(Participant).where(Participant.role == "agency")).one()
        assert member.topics == ["judiciary"]


def test_committee_readers_see_display_names_kept_current_by_user_change(
    slack: SlackDriver,
    fake: FakeSlack,
    committee: None,
    run_cli: Callable[..., Any],
) -> None:
    fake.add_user("UPOC", name="Pat Ramírez", tz="America/Chicago")
    fake.add_user("UAG1", name="Sam <Lee>", tz="America/Chicago")
    modal = open_modal(slack, fake, "UCOM", "admin")
    choice = {
        ids.POC_JURISDICTION: {ids.POC_JURISDICTION: "TX"},
        ids.POC_USER: {ids.POC_USER: "UPOC"},
    }
    slack.submit("UCOM", modal, choice)
    invite(slack, fake, ["UAG1"], "TX Housing Authority", ["housing"])
    slack.click("UAG1", dms(fake, "UAG1")[0], ids.CONTINUE)
    slack.click("UAG1", dms(fake, "UAG1")[-1], "walk_answer:tier_2")
    slack.open_home("UCOM")
    shown = text_of(fake.home("UCOM") or {})
    assert "POC Pat Ramírez" in shown and "UPOC" not in shown
    export = run_cli("export", "answers", "--jurisdiction", "TX", "--format", "json")
    [row] = [r for r in json.loads(export.out) if r["status"]]
    assert row["answered_by_name"] == "Sam <Lee>" and "UAG1" not in export.out
    profile = {"display_name": "Samantha Lee", "real_name": "Samantha Lee"}
    slack.event({"type": "user_change", "user": {"id": "UAG1", "profile": profile}})
    report = run_cli("report", "state", "TX")
    assert "**Answered by:** Samantha Lee (TX Housing Authority)" in report.out
    assert "UAG1" not in report.out


def test_an_agency_member_answers_for_two_jurisdictions_and_is_asked_which(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
    clock: Clock,
) -> None:
    fake.add_user("UOKPOC", tz="America/Chicago")
    add_participant(db, "UOKPOC", "OK", "poc", now=clock.now)
    invite(slack, fake, ["UAG1"], "Plains Regional NGO", ["housing"])  # Texas's POC
    modal = open_modal(slack, fake, "UOKPOC", "invite")
    slack.submit(
        "UOKPOC",
        modal,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG1"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "Plains Regional NGO"},
            ids.TOPICS: {ids.TOPICS: ["housing"]},
        },
    )
    assert "Invited <@UAG1>" in said(fake, "UOKPOC")
    oklahoma = dms(fake, "UAG1")[-1]
    assert "Oklahoma" in text_of(oklahoma)
    assert [b["value"] for b, _ in buttons(oklahoma)] == ["housing OK"]
    slack.command("UAG1", "housing")
    assert said(fake, "UAG1") == (
        "You take part for OK and TX; say which: `/assess housing OK` or `/assess housing TX`."
    )
    slack.command("UAG1", "status")
    assert "`/assess status OK` or `/assess status TX`" in said(fake, "UAG1")
    slack.command("UAG1", "housing TX")
    assert "Housing · TX" in text_of(fake.messages("C0WALK", top_level_only=True)[-1])
    slack.click("UAG1", oklahoma, ids.CONTINUE)  # the Start button in Oklahoma's invitation
    parent = fake.messages(fake.dm_channel("UAG1"), top_level_only=True)[-1]
    assert "Housing · OK" in text_of(parent)
    question = fake.messages(fake.dm_channel("UAG1"))[-1]
    slack.click("UAG1", question, "walk_answer:tier_1")
    slack.command("UAG1", "status OK")
    assert "Housing* (`housing`) — 1 of 8 answered" in said(fake, "UAG1")
    slack.command("UAG1", "housing CA")
    assert "You take part for OK and TX, not for CA" in said(fake, "UAG1")
    with db() as s:
        answered = s.scalars(select(Answer)).one()
        assert (answered.jurisdiction_code, answered.answered_by) == ("OK", "UAG1")
        walks = sorted(s.scalars(select(Walk.jurisdiction_code)))
        assert walks == ["OK", "TX"]
