"""Who may do what, as plain functions over an `Actor` (the end-to-end matrix in
tests/e2e/test_permissions.py drives the same rules through Slack)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.compose import slack_text
from bot.workflows import policy
from bot.workflows.errors import NotAllowed
from bot.workflows.policy import Action, Actor
from store.enums import CycleStatus, Role
from store.models import Cycle, Submission
from tests.factories import add_participant, add_partner

COMMITTEE = Actor("UCOM", (policy.Role(Role.COMMITTEE, None, (), ""),))
POC = Actor("UPOC", (policy.Role(Role.POC, "TX", (), ""),))
HOUSING = Actor("UAG", (policy.Role(Role.AGENCY, "TX", ("housing",), "Housing Dept"),))
EVERY_TOPIC = Actor("UAG2", (policy.Role(Role.AGENCY, "TX", (), "Courts"),))
STRANGER = Actor("UX", ())
ENDED = Actor("UOLD", (), ended=("TX",))
BOTH = Actor(
    "UTWO",
    (policy.Role(Role.AGENCY, "TX", ("housing",), "A"), policy.Role(Role.POC, "TX", (), "")),
)


def refused(actor: Actor, action: Action, **scope: str) -> str | None:
    reason = policy.reason_refused(actor, action, **scope)
    return None if reason is None else str(reason)


@pytest.mark.parametrize("action", [Action.REOPEN, Action.ADMIN, Action.FEATURE])
def test_committee_only_actions(action: Action) -> None:
    assert refused(COMMITTEE, action) is None
    for actor in (POC, HOUSING, STRANGER):
        assert refused(actor, action) == "Only Committee members can do that."


def test_exporting_every_jurisdiction_is_refused_with_who_may_export() -> None:
    assert refused(COMMITTEE, Action.EXPORT) is None
    for actor in (POC, HOUSING, STRANGER):
        said = refused(actor, Action.EXPORT) or ""
        assert said.startswith("Exports are for Committee members") and "point of contact" in said


@pytest.mark.parametrize("action", [Action.INVITE, Action.REVOKE, Action.REVIEW, Action.SUBMIT])
def test_point_of_contact_actions(action: Action) -> None:
    assert refused(POC, action, jurisdiction="TX") is None
    assert refused(HOUSING, action, jurisdiction="TX") == (
        "Only your state's point of contact can do that."
    )
    assert "Committee members read the assessments" in str(refused(COMMITTEE, action))


def test_a_poc_answers_every_topic_an_agency_only_its_own() -> None:
    for topic in ("housing", "judiciary"):
        assert refused(POC, Action.ANSWER, jurisdiction="TX", topic=topic) is None
        assert refused(EVERY_TOPIC, Action.ANSWER, jurisdiction="TX", topic=topic) is None
    assert refused(HOUSING, Action.ANSWER, jurisdiction="TX", topic="housing") is None
    judiciary = refused(HOUSING, Action.ANSWER, jurisdiction="TX", topic="judiciary")
    assert judiciary is not None and "Your invitation covers other topic areas" in judiciary


def test_topic_cover_rules() -> None:
    assert policy.topics_covered(Role.POC, ("housing",)) == ()
    assert policy.topics_covered(Role.AGENCY, ("housing",)) == ("housing",)
    assert policy.topics_covered(Role.AGENCY, ()) == ()
    assert policy.covers(Role.AGENCY, ("housing",), "housing")
    assert not policy.covers(Role.AGENCY, ("housing",), "judiciary")
    assert policy.covers("poc", ("housing",), "judiciary")  # a stored role string works too
    assert policy.covered_together([("judiciary",), ("housing", "judiciary")]) == (
        "housing",
        "judiciary",
    )
    assert policy.covered_together([("housing",), ()]) == ()
    assert policy.covered_together([]) == ()


def test_view_is_for_the_committee_and_the_jurisdictions_own_people() -> None:
    assert refused(COMMITTEE, Action.VIEW, jurisdiction="TX") is None
    assert refused(HOUSING, Action.VIEW, jurisdiction="TX") is None
    assert refused(HOUSING, Action.VIEW, jurisdiction="CA") == (
        "You take part for TX, not for CA; nothing was recorded."
    )
    assert "not a participant" in str(refused(STRANGER, Action.VIEW))


def test_a_typed_jurisdiction_in_a_refusal_is_a_value_clipped_and_escaped_in_slack() -> None:
    typed = "<!channel> " + "x" * 500
    reason = policy.reason_refused(HOUSING, Action.VIEW, jurisdiction=typed)
    assert reason is not None and reason.values["typed"] == typed
    shown = slack_text(reason)
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    assert len(shown) < 300
    with pytest.raises(NotAllowed) as refusal:
        policy.check(HOUSING, Action.VIEW, jurisdiction=typed)
    assert "&lt;!channel&gt;" in slack_text(refusal.value.sentence)


def test_the_committee_does_not_answer_and_an_ended_part_is_named() -> None:
    assert "only a state's participants answer" in str(refused(COMMITTEE, Action.ANSWER))
    ended = refused(ENDED, Action.ANSWER, jurisdiction="TX", topic="housing")
    assert ended is not None and ended.startswith("Your part in TX's assessment has ended")


def test_someone_with_two_roles_acts_as_the_point_of_contact() -> None:
    assert BOTH.home is not None and BOTH.home.role is Role.POC
    role = BOTH.role_in("TX")
    assert role is not None and role.role is Role.POC
    assert refused(BOTH, Action.ANSWER, jurisdiction="TX", topic="judiciary") is None
    assert BOTH.role_in("CA") is None and not BOTH.is_committee and COMMITTEE.is_committee


def test_check_raises_the_refusal_and_may_answers_yes_or_no() -> None:
    assert policy.may(POC, Action.SUBMIT, jurisdiction="TX")
    assert not policy.may(HOUSING, Action.SUBMIT, jurisdiction="TX")
    with pytest.raises(NotAllowed, match="Only Committee members"):
        policy.check(POC, Action.ADMIN)
    policy.check(COMMITTEE, Action.ADMIN)


def test_lock_rules() -> None:
    deadline = date(2027, 3, 31)
    assert policy.cycle_lock(Cycle(name="2027", deadline=deadline, status=CycleStatus.OPEN)) is None
    closed = policy.cycle_lock(Cycle(name="2026", deadline=deadline, status=CycleStatus.CLOSED))
    assert closed is not None and str(closed) == (
        "The cycle “2026” is closed; answers can no longer change."
    )

    assert policy.submission_lock("TX", None) is None
    at = datetime(2027, 3, 1, 15, tzinfo=UTC)
    lock = policy.submission_lock("TX", Submission(submitted_by="UPOC", submitted_at=at))
    assert lock is not None
    assert str(lock).startswith("TX's assessment was submitted on 2027-03-01 by UPOC;")
    assert "by <@UPOC>;" in slack_text(lock.sentence)

    assert policy.answers_open(submitted=False) and not policy.answers_open(submitted=True)


PARTNER_TEAM = "T0PARTNER"


@pytest.fixture
def partner(sessions: sessionmaker[Session], now: datetime) -> sessionmaker[Session]:
    """UEXT1, of another organisation, answers housing for TX and for OK, each through that
    jurisdiction's shared channel."""
    add_participant(sessions, "UPOC", "TX", "poc", now=now)
    for code in ("TX", "OK"):
        add_partner(
            sessions,
            "UEXT1",
            PARTNER_TEAM,
            code,
            channel=f"C0SHARED{code}",
            now=now,
            topics=["housing"],
        )
    return sessions


@pytest.mark.parametrize(
    ("action", "scope", "refusal"),
    [
        (Action.ANSWER, {"jurisdiction": "TX", "topic": "housing"}, None),
        (Action.ANSWER, {"jurisdiction": "TX", "topic": "judiciary"}, "covers other topic areas"),
        (Action.ANSWER, {"jurisdiction": "OK", "topic": "housing"}, "not for OK"),
        (Action.VIEW, {"jurisdiction": "TX"}, None),
        (Action.VIEW, {"jurisdiction": "OK"}, "not for OK"),
        (Action.INVITE, {"jurisdiction": "TX"}, "Only your state's point of contact"),
        (Action.REVIEW, {"jurisdiction": "TX"}, "Only your state's point of contact"),
        (Action.SUBMIT, {"jurisdiction": "TX"}, "Only your state's point of contact"),
        (Action.EXPORT, {"jurisdiction": "TX"}, "Only your state's point of contact"),
        (Action.REOPEN, {}, "Only Committee members"),
        (Action.ADMIN, {}, "Only Committee members"),
        (Action.OVERSEE, {}, "Only Committee members"),
    ],
)
def test_a_partner_organisations_person_acts_only_for_the_jurisdiction_of_the_channel(
    partner: sessionmaker[Session], action: Action, scope: dict[str, str], refusal: str | None
) -> None:
    with partner() as s:
        confined = policy.partner_scope(s, user="UEXT1", team=PARTNER_TEAM, channel="C0SHAREDTX")
        assert confined == ("TX",)
        policy.confine(confined)
        try:
            actor = policy.load_actor(s, "UEXT1")
        finally:
            policy.confine(None)
    reason = refused(actor, action, **scope)
    assert reason is None if refusal is None else (reason is not None and refusal in reason)


def test_a_partner_request_from_elsewhere_or_another_team_is_not_served(
    partner: sessionmaker[Session],
) -> None:
    with partner() as s:
        scope = policy.partner_scope
        assert scope(s, user="UEXT1", team=PARTNER_TEAM, channel="C0WALK") == ()
        assert scope(s, user="UEXT1", team="T0FORGED", channel="C0SHAREDTX") == ()
        assert scope(s, user="UPOC", team=PARTNER_TEAM, channel="C0SHAREDTX") == ()
        assert scope(s, user="UEXT1", team=PARTNER_TEAM, channel="C0SHAREDOK") == ("OK",)
