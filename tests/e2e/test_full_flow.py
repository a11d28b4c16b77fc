"""One assessment from start to finish, over signed HTTP: the Committee names Texas's point of
contact, who invites two agencies; everyone answers; the POC asks for a change, which is made;
the POC submits; a late click is refused; the Committee reopens; the POC changes one answer and
submits again. The history export shows every step."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.handlers import ids
from sandbox.slack import FakeSlack
from store.models import AnswerHistory, OutboxMessage, Review, Submission
from tests.clock import Clock
from tests.conftest import CliResult
from tests.factories import add_participant
from tests.slack_driver import SlackDriver, Transcript, buttons, text_of

Message = dict[str, Any]
AGENCIES = {"UAG1": ("TX Housing Authority", "housing"), "UAG2": ("TX Courts", "judiciary")}


def bot_posts(fake: FakeSlack, channel: str, **where: Any) -> list[Message]:
    return [m for m in fake.messages(channel, **where) if m.get("user") == "UBOT"]


def open_modal(slack: SlackDriver, user: str, word: str) -> None:
    """`/assess <word>` opens its modal straight away."""
    slack.command(user, word)


def answer_walk(
    slack: SlackDriver, fake: FakeSlack, user: str, channel: str, status: Callable[[int], str]
) -> Message:
    """Click through the walk whose thread was just opened in `channel`; returns its parent."""
    parent = bot_posts(fake, channel, top_level_only=True)[-1]
    for i in range(100):
        question = bot_posts(fake, channel, thread_ts=parent["ts"])[-1]
        if not any(b["action_id"].startswith(ids.ANSWER) for b, _ in buttons(question)):
            return parent
        slack.click(user, question, f"{ids.ANSWER}:{status(i)}")
    raise AssertionError("the walk never ended")


def item(page: Message, rec_id: str) -> Message:
    blocks = page["blocks"]
    index = next(i for i, b in enumerate(blocks) if f"*{rec_id}*" in text_of({"blocks": [b]}))
    return {**page, "blocks": blocks[index : index + 2]}


def start_button(topic: str) -> Callable[[dict[str, Any]], bool]:
    return lambda b: b["action_id"] == ids.CONTINUE and b.get("value") == topic


def late_buttons(message: Message) -> list[dict[str, Any]]:
    """The question as first posted, with its answer buttons (a stale copy in someone's client)."""
    rec = json.loads(buttons(message)[0][0]["value"])
    answer = [{"type": "button", "action_id": f"{ids.ANSWER}:unsure", "value": json.dumps(rec),
               "text": {"type": "plain_text", "text": "Not sure yet"}}]  # fmt: skip
    return [*message["blocks"], {"type": "actions", "elements": answer}]


def history_count(db: sessionmaker[Session]) -> int:
    with db() as s:
        return s.scalar(select(func.count()).select_from(AnswerHistory)) or 0


def topic_button(name: str) -> Callable[[dict[str, Any]], bool]:
    return lambda b: b["action_id"] == ids.REVIEW_TOPIC and f'"t": "{name}"' in b["value"]


def test_an_assessment_from_the_committee_to_resubmission(
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    clock: Clock,
    catalog: Catalog,
    transcript: Transcript,
    run_cli: Callable[..., CliResult],
) -> None:
    add_participant(db, "UCOM", None, "committee", now=clock.now)

    # The Committee opens the cycle and names Texas's point of contact.
    open_modal(slack, "UCOM", "admin")
    slack.submit(
        "UCOM",
        fake.views("UCOM")[-1],
        {
            ids.CYCLE_NAME: {ids.CYCLE_NAME: "2027 State Self-Assessment"},
            ids.CYCLE_DEADLINE: {ids.CYCLE_DEADLINE: "2027-03-31"},
            ids.POC_JURISDICTION: {ids.POC_JURISDICTION: "TX"},
            ids.POC_USER: {ids.POC_USER: "UPOC"},
        },
    )
    assert "point of contact" in text_of(bot_posts(fake, fake.dm_channel("UPOC"))[-1])

    # The POC invites two agencies, each for one topic area.
    for user, (agency, topic) in AGENCIES.items():
        clock.advance(minutes=5)
        open_modal(slack, "UPOC", "invite")
        slack.submit(
            "UPOC",
            fake.views("UPOC")[-1],
            {
                ids.INVITE_USERS: {ids.INVITE_USERS: [user]},
                ids.AGENCY_NAME: {ids.AGENCY_NAME: agency},
                ids.TOPICS: {ids.TOPICS: [topic]},
            },
        )

    # Each agency starts from its invitation and answers its topic; the POC answers the rest.
    parents = {}
    for user, (_, topic) in AGENCIES.items():
        clock.advance(hours=1)
        dm = fake.dm_channel(user)
        invitation = bot_posts(fake, dm)[-1]
        slack.click(user, invitation, start_button(topic))
        parents[user] = answer_walk(slack, fake, user, dm, lambda i: ("tier_1", "tier_2")[i % 2])
    clock.advance(hours=1)
    for area in catalog.topics:
        if area.slug not in ("housing", "judiciary"):
            slack.command("UPOC", area.slug)
            answer_walk(slack, fake, "UPOC", "C0WALK", lambda _: "tier_2")

    # The POC reviews housing and asks for a change to HOU-3.
    clock.advance(days=1)
    slack.command("UPOC", "review")
    overview = fake.ephemerals("UPOC")[-1]
    assert "*Housing* — 8 of 8 answered · 8 to review" in text_of(overview)
    slack.click("UPOC", overview, topic_button("housing"), ephemeral=True)
    page = fake.ephemerals("UPOC")[-1]
    assert "by <@UAG1> (TX Housing Authority)" in text_of(item(page, "HOU-3"))
    slack.click("UPOC", item(page, "HOU-3"), ids.REVIEW_CHANGES, ephemeral=True)
    slack.submit(
        "UPOC",
        fake.views("UPOC")[-1],
        {ids.REVIEW_COMMENT_BLOCK: {ids.REVIEW_COMMENT_INPUT: "Is the voucher pilot statewide?"}},
    )
    request = bot_posts(fake, fake.dm_channel("UAG1"))[-1]
    housing_thread = parents["UAG1"]["ts"].replace(".", "")
    assert "Is the voucher pilot statewide?" in text_of(request)
    assert f"{fake.dm_channel('UAG1')}/p{housing_thread}" in text_of(request)

    # The agency fixes it in its thread; the POC sees the change, from App Home, and accepts.
    clock.advance(hours=3)
    slack.command("UAG1", "housing HOU-3")
    question = bot_posts(fake, fake.dm_channel("UAG1"), thread_ts=parents["UAG1"]["ts"])[-1]
    slack.click("UAG1", question, f"{ids.ANSWER}:tier_2")
    clock.advance(hours=1)
    slack.open_home("UPOC")
    slack.click_home("UPOC", ids.REVIEW_OPEN)
    review = bot_posts(fake, fake.dm_channel("UPOC"))[-1]
    assert "*Housing* — 8 of 8 answered · :new: 1 changed" in text_of(review)
    slack.click("UPOC", review, topic_button("housing"))
    page = fake.message(review["channel"], review["ts"])
    hou3 = text_of(item(page, "HOU-3"))
    assert "Changed after your last decision" in hou3 and "was *Tier I: getting started*" in hou3
    slack.click("UPOC", item(page, "HOU-3"), ids.REVIEW_ACCEPT)
    assert "Accepted" in text_of(item(fake.message(review["channel"], review["ts"]), "HOU-3"))

    # The POC submits; the Committee channel gets one line.
    clock.advance(hours=1)
    slack.command("UPOC", "submit")  # opens the confirmation with the counts
    slack.submit("UPOC", fake.views("UPOC")[-1], {})
    assert len(fake.messages("CCOMMITTEE")) == 1
    assert "*TX* submitted" in fake.messages("CCOMMITTEE")[0]["text"]

    # A late click on an old judiciary question is refused; nothing is recorded.
    old = bot_posts(fake, fake.dm_channel("UAG2"), thread_ts=parents["UAG2"]["ts"])[0]
    transcript.new()
    for action in (ids.CHANGE, f"{ids.ANSWER}:unsure"):
        slack.click("UAG2", {**old, "blocks": late_buttons(old)}, action)
        transcript.expect("chat.postEphemeral")
        assert "submitted on 2027-03-02 by <@UPOC>" in text_of(fake.ephemerals("UAG2")[-1])
    assert history_count(db) == 127 + 1

    # The Committee reopens from its App Home, with a reason the POC receives.
    clock.advance(days=1)
    slack.open_home("UCOM")
    slack.click_home("UCOM", ids.REOPEN_OPEN)
    reason = {ids.REOPEN_REASON_BLOCK: {ids.REOPEN_REASON_INPUT: "JUD-2 & JUD-3 disagree."}}
    slack.submit("UCOM", fake.views("UCOM")[-1], reason)
    assert "JUD-2 &amp; JUD-3 disagree." in bot_posts(fake, fake.dm_channel("UPOC"))[-1]["text"]
    assert "TX is reopened" in bot_posts(fake, fake.dm_channel("UCOM"))[-1]["text"]

    # The POC changes one answer and submits again from App Home.
    clock.advance(hours=2)
    slack.command("UPOC", "judiciary JUD-2")
    slack.click("UPOC", fake.messages("C0WALK")[-1], f"{ids.ANSWER}:not_yet")
    slack.open_home("UPOC")
    slack.click_home("UPOC", ids.SUBMIT_OPEN)
    slack.submit("UPOC", fake.views("UPOC")[-1], {})
    assert "is submitted" in bot_posts(fake, fake.dm_channel("UPOC"))[-1]["text"]
    lines = [m["text"] for m in fake.messages("CCOMMITTEE")]
    assert [line.split("*TX*")[0] for line in lines] == [
        ":inbox_tray: ",
        ":unlock: <@UCOM> reopened ",
        ":inbox_tray: ",
    ]
    assert "*TX* resubmitted" in lines[2]

    # The history shows every step.
    with db() as s:
        subs = list(s.scalars(select(Submission).order_by(Submission.id)))
        assert [(x.submitted_by, x.reopened_by, x.reopen_reason) for x in subs] == [
            ("UPOC", "UCOM", "JUD-2 & JUD-3 disagree."),
            ("UPOC", None, ""),
        ]
        reviews = [(r.decision, r.comment, r.version) for r in s.scalars(select(Review))]
        assert reviews == [("changes", "Is the voucher pilot statewide?", 1), ("accepted", "", 2)]
        kinds = [m.kind for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        assert kinds.count("submission") == 2 and kinds.count("review_changes") == 1
        assert kinds.count("reopen") == 2
    exported = run_cli("export", "answers", "--history", "--jurisdiction", "TX")
    assert exported.code == 0
    history = list(csv.DictReader(io.StringIO(exported.out)))
    assert len(history) == 127 + 2
    steps = [
        (h["recommendation_id"], h["before_status"], h["after_status"], h["changed_by_name"])
        for h in history
        if h["recommendation_id"] in ("HOU-3", "JUD-2")
    ]
    assert steps == [  # by the names Slack gave, never the ids
        ("HOU-3", "", "tier_1", "uag1"),
        ("JUD-2", "", "tier_2", "uag2"),
        ("HOU-3", "tier_1", "tier_2", "uag1"),
        ("JUD-2", "tier_2", "not_yet", "upoc"),
    ]
