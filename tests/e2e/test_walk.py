"""A state's point of contact walks a topic area in a Slack thread, over signed HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.clock import Clock
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of


def thread(fake: FakeSlack, parent: dict) -> list[dict]:
    """The bot's messages in the thread of `parent`."""
    return [
        m
        for m in fake.messages(parent["channel"], thread_ts=parent["ts"])
        if m.get("user") == "UBOT"
    ]


def live_questions(fake: FakeSlack, parent: dict) -> list[str]:
    """The recommendations whose message in the thread still has answer buttons."""
    return [
        m["text"].split(" ", 1)[0]
        for m in thread(fake, parent)
        if any(b["action_id"].startswith("walk_answer:") for b, _ in buttons(m))
    ]


def start(slack: SlackDriver, fake: FakeSlack, user: str = "UPOC", topic: str = "housing") -> dict:
    response = slack.command(user, topic)
    assert response.status == 200
    return fake.messages("C0WALK", top_level_only=True)[-1]


def test_poc_answers_every_housing_recommendation_by_clicking(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    response = slack.command("UPOC", "housing")
    assert response.status == 200
    transcript.expect("chat.postMessage", "chat.postMessage")
    parent = fake.messages("C0WALK", top_level_only=True)[0]
    assert "Housing" in text_of(parent) and "0 of 8 answered" in text_of(parent)
    assert "identify a child or youth" in text_of(parent)
    assert "Draft wording" in text_of(parent)
    recs = catalog.in_topic("housing")
    for i, rec in enumerate(recs):
        question = thread(fake, parent)[-1]
        assert question["text"].startswith(rec.id)
        assert "identify a child or youth" not in text_of(question), "said once, in the parent"
        labels = [b["text"]["text"] for b, _ in buttons(question)]
        assert labels[:5] == [o.label for o in catalog.scale]
        slack.click("UPOC", question, "walk_answer:tier_2" if i % 2 else "walk_answer:tier_1")
        answered = fake.message(parent["channel"], question["ts"])
        assert "by <@UPOC>" in text_of(answered)
        if i < len(recs) - 1:
            transcript.expect("chat.update", "chat.postMessage")
    transcript.expect("chat.update", "chat.postMessage", "chat.update")
    summary = thread(fake, parent)[-1]
    assert "complete" in text_of(summary) and "Tier I: getting started*\n4" in text_of(summary)
    assert "8 of 8 answered" in text_of(fake.message(parent["channel"], parent["ts"]))
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 8
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 8
        assert set(s.scalars(select(Answer.answered_by))) == {"UPOC"}


def test_notes_by_thread_reply_and_by_modal(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    transcript.new()
    slack.reply("UPOC", parent, "Our housing authority runs a youth voucher pilot.")
    transcript.expect("reactions.add", "chat.update")
    assert "youth voucher pilot" in text_of(fake.message(parent["channel"], question["ts"]))

    slack.click("UPOC", fake.message(parent["channel"], question["ts"]), "walk_notes")
    transcript.expect("views.open")
    modal = fake.views("UPOC")[-1]
    initial = modal["view"]["blocks"][1]["element"]["initial_value"]
    assert initial == "Our housing authority runs a youth voucher pilot."
    assert "3000 characters" in modal["view"]["blocks"][1]["hint"]["text"]
    slack.submit(
        "UPOC",
        modal,
        {
            "notes": {"notes_input": "Voucher pilot in two counties."},
            "resources": {"resources_input": "Funding to scale statewide."},
        },
    )
    transcript.expect("chat.update")
    shown = text_of(fake.message(parent["channel"], question["ts"]))
    assert "Voucher pilot in two counties." in shown and "Funding to scale statewide." in shown
    with db() as s:
        answer = s.scalars(select(Answer)).one()
        assert (answer.status, answer.notes, answer.resources_needed) == (
            None,
            "Voucher pilot in two counties.",
            "Funding to scale statewide.",
        )
        assert [h.source for h in s.scalars(select(AnswerHistory))] == ["thread", "modal"]


def test_skip_and_back(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    slack.click("UPOC", first, "walk_back")
    assert "first recommendation" in text_of(fake.ephemerals("UPOC")[-1])
    transcript.new()
    slack.click("UPOC", first, "walk_skip")
    transcript.expect("chat.update", "chat.postMessage")
    assert "Skipped for now" in text_of(fake.message(parent["channel"], first["ts"]))
    second = thread(fake, parent)[-1]
    assert second["text"].startswith("HOU-2")
    slack.click("UPOC", second, "walk_back")
    # HOU-2 loses its buttons, the skipped HOU-1 is superseded, HOU-1 is asked anew below.
    transcript.expect("chat.update", "chat.update", "chat.postMessage")
    again = thread(fake, parent)[-1]
    assert again["text"].startswith("HOU-1")
    assert live_questions(fake, parent) == ["HOU-1"], "HOU-2 lost its answer buttons"
    slack.click("UPOC", again, "walk_answer:not_yet")
    assert thread(fake, parent)[-1]["text"].startswith("HOU-2")


def test_skipped_ones_leave_the_topic_open_and_resume_brings_them_back(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
) -> None:
    parent = start(slack, fake)
    for _ in catalog.in_topic("housing"):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_skip")
    summary = thread(fake, parent)[-1]
    assert "0 of 8 answered" in text_of(summary) and "skipped" in text_of(summary)
    slack.command("UPOC", "housing")
    assert thread(fake, parent)[-1]["text"].startswith("HOU-1")
    assert len(fake.messages("C0WALK", top_level_only=True)) == 1


def test_resume_after_restart_continues_in_the_same_thread(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    bot,
    db_url: str,
    clock: Clock,
) -> None:
    from tests.e2e.conftest import SECRET, start_bot

    parent = start(slack, fake)
    for _ in range(3):
        slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    bot.stop()
    restarted = start_bot(db_url, fake, clock)
    try:
        again = SlackDriver(restarted.url, SECRET, fake, restarted.app)
        again.command("UPOC", "Housing")
        assert len(fake.messages("C0WALK", top_level_only=True)) == 1, "no second thread"
        link = text_of(fake.ephemerals("UPOC")[-1])
        assert f"thread_ts={parent['ts']}" in link
        question = thread(fake, parent)[-1]
        assert question["text"].startswith("HOU-4")
        again.click("UPOC", question, "walk_answer:tier_1")
        assert thread(fake, parent)[-1]["text"].startswith("HOU-5")
    finally:
        restarted.stop()


def test_change_an_earlier_answer_by_command_and_by_button(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    first = thread(fake, parent)[-1]
    slack.click("UPOC", first, "walk_answer:not_yet")
    slack.command("UPOC", "housing hou-1")
    reopened = thread(fake, parent)[-1]
    assert reopened["text"].startswith(
        "HOU-1"
    ) and "Current answer: *Not yet addressed*" in text_of(reopened)
    slack.click("UPOC", reopened, "walk_answer:tier_1")
    assert not buttons(fake.message(parent["channel"], first["ts"])), "the first copy is history"
    answered = fake.message(parent["channel"], reopened["ts"])
    slack.click("UPOC", answered, "walk_change")
    redrawn = fake.message(parent["channel"], reopened["ts"])
    slack.click("UPOC", redrawn, "walk_answer:tier_2")
    with db() as s:
        rows = list(
            s.scalars(select(AnswerHistory).where(AnswerHistory.recommendation_id == "HOU-1"))
        )
        assert [(h.before_status, h.after_status) for h in rows] == [
            (None, "not_yet"),
            ("not_yet", "tier_1"),
            ("tier_1", "tier_2"),
        ]
        assert (
            s.scalars(select(Answer.version).where(Answer.recommendation_id == "HOU-1")).one() == 3
        )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hosing", "Did you mean: `housing`"),
        ("xyzzy", "The topic areas are: `multidisciplinary`"),
        ("s", "matches several topic areas"),
    ],
)
def test_unknown_and_ambiguous_topics_are_explained_privately(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    typed: str,
    expected: str,
) -> None:
    transcript.new()
    slack.command("UPOC", typed)
    transcript.expect("chat.postEphemeral")
    assert expected in text_of(fake.ephemerals("UPOC")[-1])
    assert fake.messages() == []


@pytest.mark.parametrize(
    ("typed", "topic", "other"),
    [
        ("Law Enforcement", "Law Enforcement and Prosecution", "Judiciary"),
        ("le", "Law Enforcement and Prosecution", "Judiciary"),
        ("judic", "Judiciary", "Law Enforcement"),
        ("PROSECUTION", "Law Enforcement and Prosecution", "Judiciary"),
    ],
)
def test_topics_by_name_alias_and_prefix(
    slack: SlackDriver, fake: FakeSlack, texas: None, typed: str, topic: str, other: str
) -> None:
    parent = start(slack, fake, topic=typed)
    assert topic in text_of(parent) and other not in text_of(parent)


def test_strangers_are_refused_and_nothing_is_recorded(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    slack.command("UAG1", "judiciary")
    assert "other topic areas" in text_of(fake.ephemerals("UAG1")[-1])
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    transcript.new()
    for user, expected in (
        ("UOTHER", "You take part for CA, not for TX"),
        ("USTRANGER", "not a participant"),
        ("UCOM", "only a state's participants answer"),
    ):
        slack.click(user, question, "walk_answer:tier_2")
        transcript.expect("chat.postEphemeral")
        assert expected in text_of(fake.ephemerals(user)[-1])
        slack.reply(user, parent, "sneaky note")
        transcript.expect("chat.postEphemeral")
        slack.click(user, question, "walk_notes")
        transcript.expect("chat.postEphemeral")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 0


def test_agency_answers_only_its_assigned_topics(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    poc_parent = start(slack, fake, topic="judiciary")
    slack.click("UAG1", thread(fake, poc_parent)[-1], "walk_answer:tier_2")
    assert "other topic areas" in text_of(fake.ephemerals("UAG1")[-1])
    parent = start(slack, fake, user="UAG1", topic="housing")
    slack.click("UAG1", thread(fake, parent)[-1], "walk_answer:tier_2")
    with db() as s:
        answer = s.scalars(select(Answer)).one()
        assert (answer.recommendation_id, answer.answered_by, answer.agency) == (
            "HOU-1",
            "UAG1",
            "TX Housing Authority",
        )


def test_notes_are_stored_as_typed_and_shown_escaped(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    typed = "<!channel> <@U123> <https://x.example|y> & more"
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    slack.reply("UPOC", parent, typed)
    slack.click("UPOC", fake.message(parent["channel"], question["ts"]), "walk_answer:tier_1")
    with db() as s:
        assert s.scalars(select(Answer.notes)).one() == typed
    shown = [fake.message(parent["channel"], question["ts"]), *fake.messages()]
    escaped = "&lt;!channel&gt; &lt;@U123&gt; &lt;https://x.example|y&gt; &amp; more"
    assert escaped in text_of(shown[0])
    for call in fake.calls():
        raw = str(call.args)
        assert "<!channel>" not in raw and "<@U123>" not in raw and "<https://x.example" not in raw


def test_help_and_status_list_the_topics_with_progress(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
) -> None:
    parent = start(slack, fake)
    slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_2")
    transcript.new()
    slack.command("UPOC", "")
    transcript.expect("chat.postEphemeral")
    listing = text_of(fake.ephemerals("UPOC")[-1])
    assert "Housing* (`housing`) — 1 of 8 answered" in listing and listing.count("answered") == 12
    slack.command("UPOC", "status")
    status = fake.ephemerals("UPOC")[-1]
    assert len(list(buttons(status))) == 12
    transcript.new()
    slack.click(
        "UPOC",
        {**status, "channel": "C0WALK", "ts": "1.0"},
        lambda b: b.get("value") == "prevention",
        ephemeral=True,
    )
    transcript.expect("chat.postMessage", "chat.postMessage")
    slack.command("UAG1", "status")
    agency = fake.ephemerals("UAG1")[-1]
    assert [b["value"] for b, _ in buttons(agency)] == ["housing"]
    assert "not assigned to you" in text_of(agency)


def test_a_whole_assessment_of_127_recommendations(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    db: sessionmaker[Session],
) -> None:
    for topic in catalog.topics:
        parent = start(slack, fake, topic=topic.slug)
        for _ in catalog.in_topic(topic.slug):
            slack.click("UPOC", thread(fake, parent)[-1], "walk_answer:tier_1")
        assert "complete" in text_of(thread(fake, parent)[-1])
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Answer)) == 127


@pytest.mark.parametrize(
    ("user", "shown", "hidden"),
    [
        ("UAG1", ["/assess housing", "/assess status"], ["/assess admin", "/assess invite"]),
        # A POC exports their own state's answers; the Committee sees every state.
        ("UPOC", ["/assess invite", "/assess submit", "/assess export"], ["/assess committee"]),
        ("UCOM", ["/assess admin", "/assess committee", "/assess export"], ["/assess invite"]),
        ("USTRANGER", ["point of contact invites"], ["/assess admin", "/assess submit"]),
    ],
)
def test_help_lists_only_the_commands_of_the_readers_role(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    user: str,
    shown: list[str],
    hidden: list[str],
) -> None:
    slack.command(user, "help")
    listing = text_of(fake.ephemerals(user)[-1])
    assert all(s in listing for s in shown), listing
    assert not any(h in listing for h in hidden), listing


def test_an_ambiguous_word_offers_every_topic_it_names_and_nonsense_suggests_nothing(
    slack: SlackDriver, fake: FakeSlack, texas: None, transcript: Transcript
) -> None:
    transcript.new()
    slack.command("UPOC", "law")
    transcript.expect("chat.postEphemeral")
    offered = text_of(fake.ephemerals("UPOC")[-1])
    assert "`law-enforcement` (Law Enforcement and Prosecution)" in offered
    assert "`legislation` (Legislation and Regulation)" in offered
    slack.command("UPOC", "foo bar")
    nonsense = text_of(fake.ephemerals("UPOC")[-1])
    assert "Did you mean" not in nonsense and "The topic areas are" in nonsense
    assert fake.messages() == []
    parent = start(slack, fake, topic="enforcement")
    assert "Law Enforcement" in text_of(parent)
