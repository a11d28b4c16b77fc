"""The bot's App Home, for each role, published on `app_home_opened` over signed HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.jurisdictions import JURISDICTIONS
from store.models import Answer, Participant, Submission
from tests.clock import Clock
from tests.factories import add_cycle, add_participant
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of


@pytest.fixture
def texas(db: sessionmaker[Session], clock: Clock) -> int:
    cycle_id = add_cycle(db, now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    add_participant(
        db, "UAG1", "TX", "agency", now=clock.now, topics=["housing"], agency="TX Housing Authority"
    )
    return cycle_id


def home(slack: SlackDriver, fake: FakeSlack, user: str) -> dict[str, Any]:
    slack.open_home(user)
    view = fake.home(user)
    assert view is not None, f"no Home published for {user}"
    return view


def actions(view: dict[str, Any]) -> list[str]:
    return [b["action_id"] for b, _ in buttons(view)]


def thread_question(fake: FakeSlack, channel: str) -> dict[str, Any]:
    return [m for m in fake.messages(channel) if m.get("thread_ts", m["ts"]) != m["ts"]][-1]


def test_poc_home_shows_deadline_progress_people_and_the_poc_buttons(
    slack: SlackDriver, fake: FakeSlack, texas: int, transcript: Transcript
) -> None:
    view = home(slack, fake, "UPOC")
    transcript.expect("views.publish")
    shown = text_of(view)
    assert "Self-assessment · Texas" in shown and "30 days left" in shown
    assert "Housing* — 0 of 8 answered" in shown
    assert "*UAG1* · *TX Housing Authority*\nHousing" in shown
    assert "identify a child or youth" in shown
    got = actions(view)
    assert got.count(ids.CONTINUE) == 12
    for wanted in (ids.INVITE_OPEN, ids.REVIEW_OPEN, ids.SUBMIT_OPEN, ids.AWAY_OPEN):
        assert wanted in got
    assert (got.count(ids.MEMBER_EDIT), got.count(ids.MEMBER_REMOVE)) == (1, 1)
    remove = next(b for b, _ in buttons(view) if b["action_id"] == ids.MEMBER_REMOVE)
    assert "will no longer be able to answer" in remove["confirm"]["text"]["text"]


def test_continue_on_home_starts_the_walk_in_the_bots_dm(
    slack: SlackDriver, fake: FakeSlack, texas: int
) -> None:
    home(slack, fake, "UPOC")
    slack.click_home("UPOC", lambda b: b.get("value") == "housing")
    parent = fake.messages("DUPOC", top_level_only=True)[-1]
    assert "Housing · TX" in text_of(parent)
    assert thread_question(fake, "DUPOC")["text"].startswith("HOU-1")


def test_invite_from_home_opens_the_modal_and_redraws_the_home(
    slack: SlackDriver, fake: FakeSlack, texas: int
) -> None:
    home(slack, fake, "UPOC")
    slack.click_home("UPOC", ids.INVITE_OPEN)
    modal = fake.views("UPOC")[-1]
    slack.submit(
        "UPOC",
        modal,
        {
            ids.INVITE_USERS: {ids.INVITE_USERS: ["UAG2"]},
            ids.AGENCY_NAME: {ids.AGENCY_NAME: "Rio Grande Task Force"},
            ids.TOPICS: {ids.TOPICS: []},
        },
    )
    assert "Rio Grande Task Force*\nEvery topic area" in text_of(fake.home("UPOC") or {})
    assert "Every topic area" not in text_of(fake.home("UAG1") or {"blocks": []})
    agency_home = fake.home("UAG2") or {}
    assert actions(agency_home).count(ids.CONTINUE) == 12
    # A Home click has no channel: the confirmation is a message in the POC's DM with the bot.
    assert "Invited <@UAG2>" in text_of(fake.messages("DUPOC")[-1])


def test_agency_home_shows_only_its_topics_and_the_away_button(
    slack: SlackDriver, fake: FakeSlack, texas: int
) -> None:
    view = home(slack, fake, "UAG1")
    shown = text_of(view)
    assert "You answer for *TX Housing Authority*" in shown
    assert [b["value"] for b, _ in buttons(view) if b["action_id"] == ids.CONTINUE] == ["housing"]
    assert ids.AWAY_OPEN in actions(view)
    assert not {ids.INVITE_OPEN, ids.SUBMIT_OPEN, ids.MEMBER_EDIT} & set(actions(view))


def test_committee_home_fits_every_jurisdiction_within_slacks_block_limit(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    clock: Clock,
    catalog: Catalog,
) -> None:
    cycle_id = add_cycle(db, now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)
    recs = [r.id for r in catalog.recommendations]
    with db() as s, s.begin():
        for i, (code, *_rest) in enumerate(JURISDICTIONS):
            s.add(
                Submission(
                    cycle_id=cycle_id,
                    jurisdiction_code=code,
                    submitted_by=f"UP{code}",
                    submitted_at=clock.now,
                )
            )
            for rec in recs[: i + 1]:
                s.add(
                    Answer(
                        cycle_id=cycle_id,
                        jurisdiction_code=code,
                        recommendation_id=rec,
                        status="tier_1",
                        answered_by=f"UP{code}",
                        answered_at=clock.now,
                    )
                )
    for code, *_rest in JURISDICTIONS:
        add_participant(db, f"UP{code}", code, "poc", now=clock.now)
    view = home(slack, fake, "UCOM")
    assert len(view["blocks"]) <= 100 and fake.invalid == []
    shown = text_of(view)
    for code, name, *_rest in JURISDICTIONS:
        assert f"*{name}* ({code})" in shown and f"POC UP{code}" in shown  # no name cached: the id
    assert "*Wyoming* (WY)\n50/127 answered · submitted" in shown
    assert "56 of 56 jurisdictions submitted" in shown
    reopen = [b["value"] for b, _ in buttons(view) if b["action_id"] == ids.REOPEN_OPEN]
    assert sorted(reopen) == sorted(code for code, *_ in JURISDICTIONS)
    assert ids.ADMIN_OPEN in actions(view)


def test_a_stranger_is_told_what_the_bot_is_and_whom_to_ask(
    slack: SlackDriver, fake: FakeSlack, texas: int, transcript: Transcript
) -> None:
    slack.event(
        {"type": "user_change", "user": {"id": "UCOM", "profile": {"display_name": "Ana & Co"}}}
    )
    view = home(slack, fake, "USTRANGER")
    shown = text_of(view)
    assert "127 recommendations in 12 topic areas" in shown
    assert "ask your state's point of contact" in shown
    assert "go to the Committee: Ana &amp; Co." in shown and "UCOM" not in json.dumps(view)
    assert buttons(view) == []
    transcript.new()
    slack.open_home("USTRANGER", tab="messages")
    transcript.expect()  # the Messages tab needs no Home


# No user: nothing to draw (acknowledged). An empty user id is not Slack's shape: refused at the
# edge before any listener runs.
@pytest.mark.parametrize(("user", "status"), [(None, 200), ("", 400)])
def test_a_home_opened_by_no_one_draws_nothing(
    slack: SlackDriver, transcript: Transcript, user: object, status: int
) -> None:
    transcript.new()
    assert slack.event({"type": "app_home_opened", "user": user, "tab": "home"}).status == status
    transcript.expect()


def test_poc_sees_when_an_agency_changed_their_answer(
    slack: SlackDriver, fake: FakeSlack, texas: int, catalog: Catalog
) -> None:
    slack.command("UPOC", "housing")
    slack.click("UPOC", thread_question(fake, "C0WALK"), "walk_answer:tier_1")
    view = home(slack, fake, "UPOC")
    assert "Nothing changed by others" in text_of(view)
    slack.command("UAG1", "housing HOU-1", channel="C0AG1")
    slack.click("UAG1", thread_question(fake, "C0AG1"), "walk_answer:tier_2")
    shown = text_of(home(slack, fake, "UPOC"))
    was, now = catalog.scale_label("tier_1"), catalog.scale_label("tier_2")
    assert f"• *HOU-1* changed by UAG1 (TX Housing Authority) — was *{was}*, now *{now}*" in shown
    assert "Housing* — 1 of 8 answered" in shown


def test_home_buttons_for_review_and_reopen_reach_their_handlers(
    slack: SlackDriver, fake: FakeSlack, texas: int, db: sessionmaker[Session], clock: Clock
) -> None:
    with db() as s, s.begin():
        s.add(
            Submission(
                cycle_id=texas, jurisdiction_code="TX", submitted_by="UPOC", submitted_at=clock.now
            )
        )
    home(slack, fake, "UCOM")
    slack.click_home("UCOM", ids.REOPEN_OPEN)
    assert fake.views("UCOM")[-1]["view"]["callback_id"] == ids.REOPEN_MODAL
    view = home(slack, fake, "UPOC")
    assert "Submitted on" in text_of(view) and ids.SUBMIT_OPEN not in actions(view)
    slack.click_home("UPOC", ids.REVIEW_OPEN)
    replies = fake.ephemerals("UPOC") + fake.messages("DUPOC")
    assert replies and all("Something went wrong" not in text_of(r) for r in replies)


def test_recent_changes_by_others_include_first_answers_and_notes_but_not_the_pocs_own(
    slack: SlackDriver, fake: FakeSlack, texas: int, catalog: Catalog, clock: Clock
) -> None:
    slack.command("UPOC", "housing")
    slack.click("UPOC", thread_question(fake, "C0WALK"), "walk_answer:tier_1")  # the POC's own
    slack.command("UAG1", "housing HOU-2", channel="C0AG1")
    question = thread_question(fake, "C0AG1")
    slack.click("UAG1", question, "walk_answer:not_yet")  # a first answer by the agency
    shown = text_of(home(slack, fake, "UPOC"))
    label = catalog.scale_label("not_yet")
    assert f"• *HOU-2* answered by UAG1 (TX Housing Authority) — *{label}*" in shown
    assert "HOU-1" not in shown.split("Recent changes by others")[1]
    slack.command("UPOC", "review")  # the POC reviews: the list starts again from here
    assert "Nothing changed by others since your last review" in text_of(home(slack, fake, "UPOC"))
    clock.advance(minutes=5)
    slack.reply("UAG1", {**question, "ts": question["thread_ts"]}, "The county runs a shelter.")
    shown = text_of(home(slack, fake, "UPOC"))
    assert "notes changed by UAG1 (TX Housing Authority)" in shown


def renamed(slack: SlackDriver, user: str, name: str) -> None:
    """Slack tells the bot a person's display name, as it does on `user_change`."""
    profile = {"display_name": name, "real_name": name}
    slack.event({"type": "user_change", "user": {"id": user, "profile": profile}})


def test_poc_and_agency_homes_name_people_instead_of_showing_ids(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: int,
    db: sessionmaker[Session],
    clock: Clock,
    catalog: Catalog,
) -> None:
    add_participant(
        db, "UAG2", "TX", "agency", now=clock.now, agency="TX Courts", invited_by="UPOC"
    )
    renamed(slack, "UPOC", "Pat Ramírez")
    renamed(slack, "UAG1", "Sam <Lee>")
    slack.command("UAG1", "housing HOU-2", channel="C0AG1")
    slack.click("UAG1", thread_question(fake, "C0AG1"), "walk_answer:not_yet")
    view = home(slack, fake, "UPOC")
    shown = text_of(view)
    assert "*Sam &lt;Lee&gt;* · *TX Housing Authority*" in shown
    label = catalog.scale_label("not_yet")
    assert f"• *HOU-2* answered by Sam &lt;Lee&gt; (TX Housing Authority) — *{label}*" in shown
    assert "*UAG2* · *TX Courts*" in shown  # no name known yet: the id stands in
    confirm = [b["confirm"]["text"]["text"] for b, _ in buttons(view) if "confirm" in b]
    assert any(t.startswith("Sam &lt;Lee&gt; (TX Housing Authority)") for t in confirm)
    assert "<@" not in json.dumps(view)
    assert "invited by Pat Ramírez." in text_of(home(slack, fake, "UAG2"))
    with db() as s, s.begin():
        s.add(
            Submission(
                cycle_id=texas, jurisdiction_code="TX", submitted_by="UPOC", submitted_at=clock.now
            )
        )
    agency = home(slack, fake, "UAG1")
    assert "by Pat Ramírez. Answers are read-only" in text_of(agency)
    assert "<@" not in json.dumps(agency)


def test_someone_in_two_jurisdictions_switches_their_home_and_it_is_remembered(
    slack: SlackDriver, fake: FakeSlack, texas: int, db: sessionmaker[Session], clock: Clock
) -> None:
    fake.add_user("UOKPOC", tz="America/Chicago")
    add_participant(db, "UOKPOC", "OK", "poc", now=clock.now)
    add_participant(db, "UAG1", "OK", "agency", now=clock.now, agency="Plains Regional NGO")
    add_participant(db, "UPOC", "OK", "agency", now=clock.now, agency="Texas DFPS in Oklahoma")
    view = home(slack, fake, "UAG1")
    assert "Self-assessment · Texas" in text_of(view)
    [menu] = [
        e for b in view["blocks"] for e in b.get("elements", []) if e.get("type") == "static_select"
    ]
    assert menu["action_id"] == ids.HOME_JURISDICTION
    assert [o["value"] for o in menu["options"]] == ["OK", "TX"]
    assert menu["initial_option"]["value"] == "TX"
    slack.choose_home("UAG1", ids.HOME_JURISDICTION, "OK")
    shown = text_of(fake.home("UAG1") or {})
    assert "Self-assessment · Oklahoma" in shown and "Plains Regional NGO" in shown
    assert "Self-assessment · Oklahoma" in text_of(home(slack, fake, "UAG1"))  # remembered
    # A POC of Texas who also answers for Oklahoma sees their agency Home there.
    assert ids.INVITE_OPEN in actions(home(slack, fake, "UPOC"))
    slack.choose_home("UPOC", ids.HOME_JURISDICTION, "OK")
    oklahoma = fake.home("UPOC") or {}
    assert "Texas DFPS in Oklahoma" in text_of(oklahoma)
    assert ids.INVITE_OPEN not in actions(oklahoma)
    slack.choose_home("UPOC", ids.HOME_JURISDICTION, "TX")
    assert ids.INVITE_OPEN in actions(fake.home("UPOC") or {})
    # Someone with one jurisdiction gets no menu.
    assert ids.HOME_JURISDICTION not in json.dumps(home(slack, fake, "UOKPOC"))
    # A choice outlives no part: once Oklahoma's role ends, the Home is Texas's again.
    with db() as s, s.begin():
        row = s.scalars(
            select(Participant).where(
                Participant.slack_user_id == "UAG1", Participant.jurisdiction_code == "OK"
            )
        ).one()
        row.active = False
    view = home(slack, fake, "UAG1")
    assert "Self-assessment · Texas" in text_of(view)
    assert ids.HOME_JURISDICTION not in json.dumps(view)
