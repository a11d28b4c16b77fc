"""The authorization matrix, over signed HTTP: every action by every role is either allowed (and
does its thing) or refused with one ephemeral sentence while nothing is written.

Buttons are taken from what the bot posted to the person entitled to them (the POC's question,
review and Home; the Committee's reopen prompt); anyone else "clicks" that same payload, which is
what a forwarded, stale or forged click looks like to the bot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.handlers import ids
from bot.workflows.cycles import open_cycle
from bot.workflows.walk import answers
from sandbox.driver import NotForThem
from sandbox.slack import FakeSlack
from sandbox.slack.partners import PARTNER_TEAM
from store.models import (
    Answer,
    AnswerHistory,
    Cycle,
    OutboxMessage,
    Participant,
    Review,
    Submission,
    Walk,
)
from tests.clock import Clock
from tests.factories import add_cycle, add_participant, add_partner
from tests.slack_driver import SlackDriver, buttons, text_of

Message = dict[str, Any]

# role -> (user, the topic area the action targets)
ROLES = {
    "committee": ("UCOM", "housing"),
    "poc_x": ("UPOC", "housing"),
    "agency_in": ("UAG1", "housing"),
    "agency_out": ("UAG1", "judiciary"),
    "revoked": ("UAG2", "housing"),
    "poc_y": ("UOTHER", "housing"),
    "stranger": ("USTRANGER", "housing"),
    # A TX housing agency of another organisation (Slack Connect), acting from TX's shared
    # channel: buttons and modals reach the bot, slash commands and App Home do not exist for them.
    "partner_in": ("UEXT1", "housing"),
    "partner_out": ("UEXT1", "judiciary"),
}
SHARED = "C0SHAREDTX"
OK = "allowed"
STRANGER = "not a participant"
ENDED = "has ended"
OTHER_STATE = "You take part for CA, not for TX"
POC_ONLY = "Only your state's point of contact"
COMMITTEE_ONLY = "Only Committee members"
EXPORTERS = "Exports are for Committee members (every jurisdiction) and each state's point"
TOPIC = "covers other topic areas"
COMMITTEE_ANSWERS = "only a state's participants answer"
FOR_A_POC = "That is for a state's point of contact"
NOT_THEIRS = "not given to other organisations"  # Slack sends no such request (NotForThem)


def row(
    committee: str,
    poc_x: str,
    agency_in: str,
    agency_out: str,
    poc_y: str,
    stranger: str = STRANGER,
) -> dict[str, str]:
    return {
        "committee": committee,
        "poc_x": poc_x,
        "agency_in": agency_in,
        "agency_out": agency_out,
        "revoked": ENDED,
        "poc_y": poc_y,
        "stranger": stranger,
        # slash commands by default; the rows of buttons say what the policy answers them
        "partner_in": NOT_THEIRS,
        "partner_out": NOT_THEIRS,
    }


def partners(partner_in: str, partner_out: str | None = None) -> dict[str, str]:
    return {"partner_in": partner_in, "partner_out": partner_out or partner_in}


WALK = {**row(COMMITTEE_ANSWERS, OK, OK, TOPIC, OTHER_STATE), **partners(OK, TOPIC)}
POC_OF_TX = {**row(FOR_A_POC, OK, POC_ONLY, POC_ONLY, OTHER_STATE), **partners(POC_ONLY)}
OWN_STATE = row(FOR_A_POC, OK, POC_ONLY, POC_ONLY, OK)  # acts on the person's own jurisdiction
COMMITTEE = {**dict.fromkeys(ROLES, COMMITTEE_ONLY), "committee": OK}  # a button (reopen)
COMMITTEE_COMMAND = {**COMMITTEE, **partners(NOT_THEIRS)}
MATRIX: dict[str, dict[str, str]] = {
    "answer": WALK,
    "notes": WALK,
    "change": WALK,
    "invite": OWN_STATE,
    "revoke": POC_OF_TX,
    "review": OWN_STATE,
    "accept": POC_OF_TX,
    "ask for changes": POC_OF_TX,
    "submit": POC_OF_TX,
    "reopen": COMMITTEE,
    # Everything for the Committee; a point of contact gets their own jurisdiction's answers.
    "export": {**OWN_STATE, "committee": OK, "revoked": EXPORTERS, "stranger": EXPORTERS},
    "committee": COMMITTEE_COMMAND,
    "admin": COMMITTEE_COMMAND,
    # The Committee's status is the every-jurisdiction table in its App Home; the command says so.
    "view status": row("App Home", OK, OK, OK, OK),
    "App Home": {**dict.fromkeys(ROLES, OK), **partners(NOT_THEIRS)},
}


@dataclass
class World:
    slack: SlackDriver
    fake: FakeSlack
    db: sessionmaker[Session]
    catalog: Catalog
    clock: Clock
    parent: dict[str, Message] = field(default_factory=dict)  # walk thread parents, by topic
    asking: dict[str, Message] = field(default_factory=dict)  # a question with answer buttons
    answered: dict[str, Message] = field(default_factory=dict)  # an answered one (Change)
    page: dict[str, Message] = field(default_factory=dict)  # the POC's review page of a topic
    overview: Message = field(default_factory=dict)  # the POC's review, with Submit

    def last_ephemeral(self, user: str) -> Message | None:
        found = self.fake.ephemerals(user)
        return found[-1] if found else None

    def modal(self, user: str, before: int) -> Message | None:
        views = self.fake.views(user)
        return views[-1] if len(views) > before else None


def prefix(topic: str) -> str:
    return {"housing": "HOU", "judiciary": "JUD"}[topic]


@pytest.fixture
def world(
    slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], clock: Clock, catalog: Catalog
) -> World:
    """Texas's POC and housing agency, a revoked agency, California's POC, a Committee member,
    a stranger, and a housing agency of another organisation in TX's shared channel."""
    add_cycle(db, now=clock.now)
    add_participant(db, "UCOM", None, "committee", now=clock.now)
    add_participant(db, "UPOC", "TX", "poc", now=clock.now)
    for user in ("UAG1", "UAG2"):
        add_participant(
            db, user, "TX", "agency", now=clock.now, topics=["housing"], agency="TX Housing"
        )
    add_participant(db, "UOTHER", "CA", "poc", now=clock.now)
    with db() as s, s.begin():
        s.execute(
            update(Participant)
            .where(Participant.slack_user_id == "UAG2")
            .values(active=False, revoked_at=clock.now)
        )
    fake.add_partner_user("UEXT1", name="Ana")
    add_partner(db, "UEXT1", PARTNER_TEAM, "TX", channel=SHARED, now=clock.now, topics=["housing"])
    return World(slack, fake, db, catalog, clock)


def from_shared_channel(slack: SlackDriver) -> None:
    """The partner's clicks come from TX's shared channel (or their DM with the bot): the
    messages they click are the same payloads, seen where they can see them."""
    click = slack.click

    def clicked(user: str, message: Message, action: Any, **kwargs: Any) -> Any:
        if not str(message.get("channel", "")).startswith("D"):
            message = {**message, "channel": SHARED}
        return click(user, message, action, **kwargs)

    slack.click = clicked  # type: ignore[method-assign]


# ---- set-up some actions need: what the entitled person was shown ------------------------------


def everything_answered(w: World) -> None:
    """Every TX recommendation answered (housing by its agency), as the walk records them."""
    with w.db() as s, s.begin():
        cycle = open_cycle(s)
        assert cycle is not None
        for rec in w.catalog.recommendations:
            # Judiciary by a former agency member: the POC's own answers need no review.
            by = {"housing": "UAG1", "judiciary": "UCOURTS"}.get(rec.topic, "UPOC")
            answers.record(
                s,
                cycle_id=cycle.id,
                jurisdiction="TX",
                rec_id=rec.id,
                actor=by,
                agency={"UAG1": "TX Housing", "UCOURTS": "TX Courts"}.get(by, ""),
                source="button",
                now=w.clock.now,
                status="tier_1",
            )


def walks(w: World) -> None:
    """The POC's housing and judiciary threads: one answered question, one still asking."""
    for topic in ("housing", "judiciary"):
        w.slack.command("UPOC", f"{topic} {prefix(topic)}-1")
        w.parent[topic] = w.fake.messages("C0WALK", top_level_only=True)[-1]
        first = w.fake.messages("C0WALK", thread_ts=w.parent[topic]["ts"])[-1]
        w.slack.click("UPOC", first, "walk_answer:tier_2")
        w.answered[topic] = w.fake.message("C0WALK", first["ts"])
        w.slack.command("UPOC", f"{topic} {prefix(topic)}-2")
        w.asking[topic] = w.fake.messages("C0WALK", thread_ts=w.parent[topic]["ts"])[-1]


def reviewed(w: World) -> None:
    """The POC's review (with its Submit button) and its housing and judiciary pages."""
    w.slack.command("UPOC", "review")
    w.overview = w.fake.ephemerals("UPOC")[-1]
    for topic, name in (("housing", "Housing"), ("judiciary", "Judiciary")):
        line = next(b for b in w.overview["blocks"] if f"*{name}*" in text_of({"blocks": [b]}))
        w.slack.click("UPOC", {**w.overview, "blocks": [line]}, ids.REVIEW_TOPIC, ephemeral=True)
        w.page[topic] = w.fake.ephemerals("UPOC")[-1]


def poc_home(w: World) -> None:
    w.slack.open_home("UPOC")


def submitted(w: World) -> None:
    """TX has submitted; the Committee asked to reopen it (and, its trigger expired, got the
    button that opens the modal)."""
    with w.db() as s, s.begin():
        cycle = s.scalars(select(Cycle)).one()
        s.add(
            Submission(
                cycle_id=cycle.id,
                jurisdiction_code="TX",
                submitted_by="UPOC",
                submitted_at=cycle.created_at,
            )
        )
    w.fake.fail("views.open", error="expired_trigger_id")
    w.slack.command("UCOM", "reopen TX")


def item(page: Message, rec_id: str) -> Message:
    blocks = page["blocks"]
    index = next(i for i, b in enumerate(blocks) if f"*{rec_id}*" in text_of({"blocks": [b]}))
    return {**page, "blocks": blocks[index : index + 2]}


def has_button(message: Message | None, action: str) -> bool:
    return message is not None and any(b["action_id"] == action for b, _ in buttons(message))


def click_if_offered(w: World, user: str, action: str) -> None:
    """Should the command have answered with a button (an expired trigger), click it."""
    prompt = w.last_ephemeral(user)
    if prompt is not None and has_button(prompt, action):
        w.slack.click(user, prompt, action, ephemeral=True)


def submit_if_opened(w: World, user: str, before: int, values: dict[str, dict[str, str]]) -> None:
    modal = w.modal(user, before)
    if modal is not None:
        w.slack.submit(user, modal, values)


# ---- the actions, each as the person would take it -----------------------------------------------


def answer(w: World, user: str, topic: str) -> None:
    w.slack.click(user, w.asking[topic], "walk_answer:tier_2")


def notes(w: World, user: str, topic: str) -> None:
    w.slack.reply(user, w.parent[topic], f"What {user} knows about this")


def change(w: World, user: str, topic: str) -> None:
    w.slack.click(user, w.answered[topic], ids.CHANGE)


def invite(w: World, user: str, topic: str) -> None:
    w.slack.command(user, "invite")
    click_if_offered(w, user, ids.INVITE_OPEN)


def revoke(w: World, user: str, topic: str) -> None:
    """Remove UAG1 with the button on the POC's Home (as anyone else: that same payload)."""
    with w.db() as s:
        member = s.scalars(select(Participant.id).where(Participant.slack_user_id == "UAG1")).one()

    def remove(button: dict[str, Any]) -> bool:
        return bool(button["action_id"] == ids.MEMBER_REMOVE and button["value"] == str(member))

    if user == "UPOC":
        w.slack.click_home(user, remove)
    else:
        home = w.fake.home("UPOC") or {}
        w.slack.click(user, {**home, "channel": w.fake.dm_channel(user), "ts": ""}, remove)


def review(w: World, user: str, topic: str) -> None:
    w.slack.command(user, "review")


def accept(w: World, user: str, topic: str) -> None:
    target = item(w.page[topic], f"{prefix(topic)}-3")  # -1 and -2 are the POC's own walk
    w.slack.click(user, target, ids.REVIEW_ACCEPT, ephemeral=True)


def ask_for_changes(w: World, user: str, topic: str) -> None:
    before = len(w.fake.views(user))
    target = item(w.page[topic], f"{prefix(topic)}-3")
    w.slack.click(user, target, ids.REVIEW_CHANGES, ephemeral=True)
    comment = {ids.REVIEW_COMMENT_BLOCK: {ids.REVIEW_COMMENT_INPUT: "Which agency runs this?"}}
    submit_if_opened(w, user, before, comment)


def submit(w: World, user: str, topic: str) -> None:
    before = len(w.fake.views(user))
    w.slack.click(user, w.overview, ids.SUBMIT_OPEN, ephemeral=True)
    submit_if_opened(w, user, before, {})


def reopen(w: World, user: str, topic: str) -> None:
    prompt = [e for e in w.fake.ephemerals("UCOM") if has_button(e, ids.REOPEN_OPEN)][-1]
    before = len(w.fake.views(user))
    w.slack.click(user, prompt, ids.REOPEN_OPEN, ephemeral=True)
    reason = {ids.REOPEN_REASON_BLOCK: {ids.REOPEN_REASON_INPUT: "Please look again at JUD-3."}}
    submit_if_opened(w, user, before, reason)


def export(w: World, user: str, topic: str) -> None:
    w.slack.wait = lambda: w.slack.bot.wait_idle(120)  # 56 x 127 rows as CSV and XLSX
    w.slack.command(user, "export")


def committee(w: World, user: str, topic: str) -> None:
    w.slack.command(user, "committee")


def admin(w: World, user: str, topic: str) -> None:
    w.slack.command(user, "admin")
    click_if_offered(w, user, ids.ADMIN_OPEN)


def view_status(w: World, user: str, topic: str) -> None:
    w.slack.command(user, "status")


def app_home(w: World, user: str, topic: str) -> None:
    w.slack.open_home(user)


# ---- what "allowed" looks like -------------------------------------------------------------------

SLACK_WRITES = ("chat.postMessage", "chat.update", "views.open", "views.publish", "response_url")
TABLES = (Answer, AnswerHistory, Review, Submission, OutboxMessage, Participant, Walk)


@dataclass(frozen=True)
class Seen:
    """The database and the fake Slack at one moment."""

    counts: dict[str, int]
    rows: tuple[Any, ...]  # the columns a refused action must not touch either
    calls: dict[str, int]
    views: int


def seen(w: World, user: str) -> Seen:
    with w.db() as s:
        counts = {m.__name__: s.scalar(select(func.count()).select_from(m)) or 0 for m in TABLES}
        people = select(
            Participant.id, Participant.active, Participant.topics, Participant.last_reviewed_at
        ).order_by(Participant.id)
        rows = (
            tuple(s.execute(people)),
            tuple(s.execute(select(Submission.id, Submission.reopened_at).order_by(Submission.id))),
            tuple(s.execute(select(Answer.id, Answer.version).order_by(Answer.id))),
        )
    calls = {m: len(w.fake.calls(m)) for m in SLACK_WRITES}
    return Seen(counts, rows, calls, len(w.fake.views(user)))


@dataclass(frozen=True)
class Check:
    w: World
    user: str
    before: Seen
    after: Seen

    def grew(self, *tables: str) -> bool:
        return all(self.after.counts[t] == self.before.counts[t] + 1 for t in tables)

    def called(self, method: str) -> bool:
        return self.after.calls[method] > self.before.calls[method]

    def modal(self, callback: str) -> bool:
        views = self.w.fake.views(self.user)
        return (
            self.after.views == self.before.views + 1
            and views[-1]["view"]["callback_id"] == callback
        )

    def said(self, words: str) -> bool:
        found = self.w.last_ephemeral(self.user)
        return found is not None and words in text_of(found)

    def revoked(self) -> bool:
        with self.w.db() as s:
            query = select(Participant.active).where(Participant.slack_user_id == "UAG1")
            return not s.scalars(query).one()

    def reopened(self) -> bool:
        with self.w.db() as s:
            return s.scalars(select(Submission.reopened_at)).one() is not None


@dataclass(frozen=True)
class Spec:
    act: Callable[[World, str, str], None]
    allowed: Callable[[Check], bool]
    needs: tuple[Callable[[World], None], ...] = ()


SPECS: dict[str, Spec] = {
    "answer": Spec(answer, lambda c: c.grew("AnswerHistory"), (walks,)),
    "notes": Spec(notes, lambda c: c.grew("AnswerHistory"), (walks,)),
    "change": Spec(change, lambda c: c.called("chat.update"), (walks,)),
    "invite": Spec(invite, lambda c: c.modal(ids.INVITE_MODAL)),
    "revoke": Spec(revoke, Check.revoked, (poc_home,)),
    "review": Spec(review, lambda c: c.said("Review · ")),
    "accept": Spec(accept, lambda c: c.grew("Review"), (everything_answered, reviewed)),
    "ask for changes": Spec(
        ask_for_changes,
        lambda c: c.grew("Review", "OutboxMessage"),
        (everything_answered, reviewed),
    ),
    "submit": Spec(
        submit, lambda c: c.grew("Submission", "OutboxMessage"), (everything_answered, reviewed)
    ),
    "reopen": Spec(reopen, Check.reopened, (submitted,)),
    "export": Spec(export, lambda c: c.said("Sent to your DM")),
    "committee": Spec(committee, lambda c: c.said("submitted · ")),
    "admin": Spec(admin, lambda c: c.modal(ids.ADMIN_MODAL)),
    "view status": Spec(view_status, lambda c: c.said("answered")),
    "App Home": Spec(app_home, lambda c: c.called("views.publish")),
}
CELLS = [
    pytest.param(action, role, id=f"{action.replace(' ', '_')}-{role}")
    for action in MATRIX
    for role in ROLES
]


@pytest.mark.parametrize(("action", "role"), CELLS)
def test_authorization_matrix(world: World, action: str, role: str) -> None:
    user, topic = ROLES[role]
    spec, expected = SPECS[action], MATRIX[action][role]
    for need in spec.needs:
        need(world)
    ephemerals, before = len(world.fake.ephemerals(user)), seen(world, user)
    if role.startswith("partner"):
        from_shared_channel(world.slack)
    if expected == NOT_THEIRS:
        with pytest.raises(NotForThem):
            spec.act(world, user, topic)
        assert seen(world, user) == before, "a request Slack never sends changed something"
        return
    spec.act(world, user, topic)
    after = seen(world, user)
    if expected == OK:
        assert spec.allowed(Check(world, user, before, after)), f"{role} could not {action}"
        return
    refusals = world.fake.ephemerals(user)[ephemerals:]
    assert [expected in text_of(r) for r in refusals] == [True], [text_of(r) for r in refusals]
    assert (after.counts, after.rows) == (before.counts, before.rows), "a refusal wrote something"
    assert (after.calls, after.views) == (before.calls, before.views), "a refusal posted"
