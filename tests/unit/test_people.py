"""People workflows on a real database: Committee set-up, invitations, edits, revocations, Homes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalog import Catalog
from bot.compose import Composer, slack_text
from bot.handlers import ids
from bot.workflows import policy
from bot.workflows.cycles import create_cycle, open_cycle
from bot.workflows.errors import InvalidInput, NotAllowed, NotFound
from bot.workflows.people import admin, invitations, members
from bot.workflows.people.membership import Outcome
from bot.workflows.reporting import home
from bot.workflows.walk import answers
from messages import Renderer
from store.models import OutboxMessage, Participant, Submission
from store.uow import UnitOfWork


@pytest.fixture
def render(catalog: Catalog) -> Composer:
    return Composer(Renderer(ids=ids.as_dict(), draft=catalog.is_draft))


def said(out: Outcome) -> list[str]:
    """The lines as Slack shows them to the person acting."""
    return [slack_text(line) for line in out.said]


def add(session: Session, user: str, jurisdiction: str | None, role: str, now: datetime) -> int:
    row = Participant(
        slack_user_id=user, jurisdiction_code=jurisdiction, role=role, active=True, created_at=now
    )
    session.add(row)
    session.flush()
    return row.id


@pytest.fixture
def texas(uow: UnitOfWork, now: datetime) -> UnitOfWork:
    with uow:
        create_cycle(
            uow.session, name="2027 State Self-Assessment", deadline=date(2027, 3, 31), now=now
        )
        add(uow.session, "UCOM", None, "committee", now)
        add(uow.session, "UPOC", "TX", "poc", now)
        uow.commit()
    return uow


def outbox(session: Session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def invite(session: Session, catalog: Catalog, render: Composer, now: datetime, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "user": "UPOC",
        "invitees": ["UAG1"],
        "agency": "TX Housing Authority",
        "topics": ["housing"],
        "now": now,
    }
    return invitations.invite(session, catalog, render, **{**args, **kw})  # type: ignore[arg-type]


# ---- Committee set-up ---------------------------------------------------------------------------


def test_setting_a_poc_welcomes_them_once_and_replaces_the_previous_one(
    texas: UnitOfWork, render: Composer, now: datetime
) -> None:
    request = admin.AdminRequest(jurisdiction="CA", poc="UCA1")
    with texas as uow:
        first = admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)
        again = admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)
        uow.commit()
    assert len(first.keys) == 1 and again.keys == []
    assert "already California's point of contact" in said(again)[0]
    with texas as uow:
        later = now + timedelta(days=1)
        swap = admin.AdminRequest(jurisdiction="CA", poc="UCA2")
        out = admin.apply_admin(uow.session, render, user="UCOM", request=swap, now=later)
        uow.commit()
        assert "replacing <@UCA1>" in said(out)[0] and set(out.homes) >= {"UCA1", "UCA2"}
        rows = uow.session.scalars(select(Participant).where(Participant.role == "poc"))
        by_user = {p.slack_user_id: p for p in rows if p.jurisdiction_code == "CA"}
        assert by_user["UCA1"].active is False and by_user["UCA1"].revoked_at == later
        assert by_user["UCA2"].active is True and by_user["UCA2"].invited_by == "UCOM"
        kinds = [(m.kind, m.recipient) for m in outbox(uow.session)]
        assert kinds == [
            ("poc_welcome", "UCA1"),
            ("poc_handover", "UCA1"),
            ("poc_welcome", "UCA2"),
        ]
        welcome = outbox(uow.session)[0].payload
        assert "California" in str(welcome["blocks"]) and "/assess invite" in str(welcome["blocks"])


def test_a_replaced_poc_named_again_is_welcomed_again(
    texas: UnitOfWork, render: Composer, now: datetime
) -> None:
    with texas as uow:
        for poc in ("UA", "UB", "UA"):
            request = admin.AdminRequest(jurisdiction="CA", poc=poc)
            admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)
        uow.commit()
        welcomes = [m.idempotency_key for m in outbox(uow.session) if m.kind == "poc_welcome"]
        assert welcomes == ["poc:CA:UA:1", "poc:CA:UB:1", "poc:CA:UA:2"]


def test_only_the_committee_may_use_admin(
    texas: UnitOfWork, render: Composer, now: datetime
) -> None:
    request = admin.AdminRequest(jurisdiction="CA", poc="UCA1")
    with texas as uow:
        with pytest.raises(NotAllowed, match="Only Committee members"):
            admin.apply_admin(uow.session, render, user="UPOC", request=request, now=now)
        with pytest.raises(NotAllowed):
            admin.admin_form(uow.session, user="USTRANGER")
        form = admin.admin_form(uow.session, user="UCOM")
    assert len(form.places) == 56 and form.cycle_name == "2027 State Self-Assessment"
    assert {p.code: p.poc for p in form.places}["TX"] == "UPOC"


def test_a_person_is_poc_of_one_jurisdiction(
    texas: UnitOfWork, render: Composer, now: datetime
) -> None:
    with texas as uow, pytest.raises(InvalidInput, match="already takes part for TX"):
        request = admin.AdminRequest(jurisdiction="CA", poc="UPOC")
        admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)


def test_admin_opens_renames_and_moves_the_cycle(
    uow: UnitOfWork, render: Composer, now: datetime
) -> None:
    with uow:
        add(uow.session, "UCOM", None, "committee", now)
        half = admin.AdminRequest(cycle_name="2028 round")
        with pytest.raises(InvalidInput, match="both its name and its deadline"):
            admin.apply_admin(uow.session, render, user="UCOM", request=half, now=now)
        full = admin.AdminRequest(cycle_name=" 2028  round ", deadline=date(2028, 3, 31))
        out = admin.apply_admin(uow.session, render, user="UCOM", request=full, now=now)
        assert said(out) == ["Opened the cycle “2028 round”, due 2028-03-31."]
        move = admin.AdminRequest(
            cycle_name="2028 State Self-Assessment", deadline=date(2028, 4, 30)
        )
        out = admin.apply_admin(uow.session, render, user="UCOM", request=move, now=now)
        assert len(said(out)) == 2
        cycle = open_cycle(uow.session)
        assert cycle is not None
        assert (cycle.name, cycle.deadline) == ("2028 State Self-Assessment", date(2028, 4, 30))
        nothing = admin.apply_admin(
            uow.session, render, user="UCOM", request=admin.AdminRequest(), now=now
        )
        assert said(nothing) == ["Nothing to change."]


def test_admin_form_problems_need_no_database(now: datetime) -> None:
    assert admin.AdminRequest(jurisdiction="TX").problems(now).keys() == {"poc"}
    assert admin.AdminRequest(poc="U1").problems(now).keys() == {"jurisdiction"}
    assert admin.AdminRequest(deadline=date(2020, 1, 1)).problems(now).keys() == {"deadline"}
    assert admin.AdminRequest(jurisdiction="TX", poc="U1").problems(now) == {}


def test_adding_a_committee_member_welcomes_them_once(
    texas: UnitOfWork, render: Composer, now: datetime
) -> None:
    request = admin.AdminRequest(committee="UCOM2")
    with texas as uow:
        first = admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)
        again = admin.apply_admin(uow.session, render, user="UCOM", request=request, now=now)
        assert first.keys == ["committee:UCOM2:1"] and again.keys == []
        assert policy.load_actor(uow.session, "UCOM2").is_committee


# ---- Invitations --------------------------------------------------------------------------------


def test_invitations_add_agency_rows_and_dm_each_invitee_once(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        out = invite(
            uow.session,
            catalog,
            render,
            now,
            invitees=["UAG1", "UAG2", "UAG1"],
            topics=["child-welfare", "housing"],
        )
        again = invite(
            uow.session,
            catalog,
            render,
            now,
            invitees=["UAG1", "UAG2"],
            topics=["housing", "child-welfare"],
        )
        uow.commit()
        assert len(out.keys) == 2 and again.keys == []
        assert "Child Welfare, Housing" in said(out)[0]
        rows = uow.session.scalars(select(Participant).where(Participant.role == "agency")).all()
        assert {
            (p.slack_user_id, p.jurisdiction_code, tuple(p.topics), p.invited_by) for p in rows
        } == {
            ("UAG1", "TX", ("child-welfare", "housing"), "UPOC"),
            ("UAG2", "TX", ("child-welfare", "housing"), "UPOC"),
        }
        dm = outbox(uow.session)[0]
        starts = [
            b["accessory"]["value"]
            for b in dm.payload["blocks"]
            if b.get("accessory", {}).get("action_id") == ids.CONTINUE
        ]
        assert dm.recipient == "UAG1" and starts == ["child-welfare", "housing"]
        text = str(dm.payload["blocks"])
        assert "<@UPOC>" in text and "Texas" in text and "identify a child or youth" in text


def test_a_changed_invitation_is_sent_again_and_all_topics_mean_every_topic(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now)
        every = [t.slug for t in catalog.topics]
        out = invite(uow.session, catalog, render, now, topics=every)
        assert len(out.keys) == 1 and "every topic area" in said(out)[0]
        member = uow.session.scalars(select(Participant).where(Participant.role == "agency")).one()
        assert member.topics == []
        blocks = outbox(uow.session)[-1].payload["blocks"]
        assert sum(1 for b in blocks if b.get("accessory")) == 12


@pytest.mark.parametrize(
    ("kw", "error", "match"),
    [
        ({"user": "UCOM"}, NotAllowed, "Committee members"),
        ({"user": "USTRANGER"}, NotAllowed, "not a participant"),
        ({"invitees": ["UPOC"]}, InvalidInput, "point of contact already"),
        ({"invitees": []}, InvalidInput, "at least one person"),
        ({"agency": "  "}, InvalidInput, "agency or organisation"),
        ({"agency": "x" * 201}, InvalidInput, "at most 200"),
        ({"topics": ["basketry"]}, InvalidInput, "Unknown topic"),
        ({"invitees": ["UCA"]}, InvalidInput, "CA's point of contact"),
    ],
)
def test_invitations_refused(
    texas: UnitOfWork,
    catalog: Catalog,
    render: Composer,
    now: datetime,
    kw: dict[str, object],
    error: type[Exception],
    match: str,
) -> None:
    with texas as uow:
        add(uow.session, "UCA", "CA", "poc", now)
        with pytest.raises(error, match=match):
            invite(uow.session, catalog, render, now, **kw)


def test_an_agency_member_may_not_invite(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now)
        with pytest.raises(NotAllowed, match="point of contact"):
            invite(uow.session, catalog, render, now, user="UAG1", invitees=["UAG2"])


# ---- Edit and revoke ----------------------------------------------------------------------------


def member_id(session: Session, user: str) -> int:
    return session.scalars(
        select(Participant.id).where(Participant.slack_user_id == user, Participant.active)
    ).one()


def test_edit_changes_topics_and_tells_the_member(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now)
        mid = member_id(uow.session, "UAG1")
        form = members.member_form(uow.session, user="UPOC", member_id=mid)
        assert (form.user, form.agency, form.topics) == (
            "UAG1",
            "TX Housing Authority",
            ("housing",),
        )
        out = members.edit_member(
            uow.session,
            catalog,
            render,
            user="UPOC",
            member_id=mid,
            agency="TX HA",
            topics=["judiciary"],
            now=now,
        )
        same = members.edit_member(
            uow.session,
            catalog,
            render,
            user="UPOC",
            member_id=mid,
            agency="TX HA",
            topics=["judiciary"],
            now=now,
        )
        assert len(out.keys) == 1 and same.keys == [] and "Nothing changed" in said(same)[0]
        assert "changed your part" in str(outbox(uow.session)[-1].payload["blocks"])
        actor = policy.load_actor(uow.session, "UAG1")
        assert policy.may(actor, policy.Action.ANSWER, jurisdiction="TX", topic="judiciary")
        assert not policy.may(actor, policy.Action.ANSWER, jurisdiction="TX", topic="housing")


def test_only_this_jurisdictions_poc_may_edit_or_revoke(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        add(uow.session, "UCA", "CA", "poc", now)
        invite(uow.session, catalog, render, now, invitees=["UAG1", "UAG2"])
        mid = member_id(uow.session, "UAG2")
        for user, match in (("UCA", "not for TX"), ("UAG1", "point of contact"), ("UCOM", None)):
            with pytest.raises(NotAllowed, match=match):
                members.revoke_member(uow.session, render, user=user, member_id=mid, now=now)
            with pytest.raises(NotAllowed, match=match):
                members.member_form(uow.session, user=user, member_id=mid)
        with pytest.raises(NotFound):
            members.member_form(uow.session, user="UPOC", member_id=99999)


def test_revoked_members_can_no_longer_answer_and_keep_their_answers(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now)
        cycle = open_cycle(uow.session)
        assert cycle is not None
        answers.record(
            uow.session,
            cycle_id=cycle.id,
            jurisdiction="TX",
            rec_id="HOU-1",
            actor="UAG1",
            agency="TX Housing Authority",
            source="button",
            now=now,
            status="tier_1",
        )
        mid = member_id(uow.session, "UAG1")
        out = members.revoke_member(uow.session, render, user="UPOC", member_id=mid, now=now)
        assert out.keys == [f"revoked:TX:UAG1:{mid}"] and "stays theirs" in said(out)[0]
        with pytest.raises(NotFound):
            members.revoke_member(uow.session, render, user="UPOC", member_id=mid, now=now)
        actor = policy.load_actor(uow.session, "UAG1")
        refusal = policy.reason_refused(actor, policy.Action.ANSWER, jurisdiction="TX")
        assert refusal is not None and "has ended" in str(refusal)
        found = answers.current(uow.session, cycle.id, "TX", "HOU-1")
        assert found is not None and found.answered_by == "UAG1"
        back = invite(uow.session, catalog, render, now)
        assert len(back.keys) == 1 and ":2:" in back.keys[0]  # a new grant, a new invitation


# ---- App Home read models -----------------------------------------------------------------------


def test_poc_home_lists_progress_members_and_changes_by_others(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now)
        cycle = open_cycle(uow.session)
        assert cycle is not None

        def record(user: str, status: str, minutes: int) -> None:
            answers.record(
                uow.session,
                cycle_id=cycle.id,
                jurisdiction="TX",
                rec_id="HOU-1",
                actor=user,
                agency="TX Housing Authority" if user == "UAG1" else "",
                source="button",
                now=now + timedelta(minutes=minutes),
                status=status,
            )

        record("UPOC", "tier_1", 1)
        record("UAG1", "tier_2", 2)
        view = home.home_for(uow.session, catalog, user="UPOC", now=now)
        assert (view.role, view.code, view.jurisdiction) == ("poc", "TX", "Texas")
        assert view.cycle is not None and view.cycle.days_left == 30
        assert len(view.topics) == 12 and view.topics[4].answered == 1
        assert [(m.user, m.agency, m.topics) for m in view.members] == [
            ("UAG1", "TX Housing Authority", ("Housing",))
        ]
        assert [(c.rec_id, c.by, c.was, c.now) for c in view.changes] == [
            ("HOU-1", "UAG1", catalog.scale_label("tier_1"), catalog.scale_label("tier_2"))
        ]
        poc = uow.session.scalars(select(Participant).where(Participant.role == "poc")).one()
        poc.last_reviewed_at = now + timedelta(minutes=5)
        assert home.home_for(uow.session, catalog, user="UPOC", now=now).changes == ()


def test_agency_home_shows_only_its_topics(
    texas: UnitOfWork, catalog: Catalog, render: Composer, now: datetime
) -> None:
    with texas as uow:
        invite(uow.session, catalog, render, now, topics=["housing", "judiciary"])
        view = home.home_for(uow.session, catalog, user="UAG1", now=now)
    assert (view.role, view.agency, view.invited_by) == ("agency", "TX Housing Authority", "UPOC")
    assert [t.slug for t in view.topics] == ["housing", "judiciary"]


def test_committee_and_stranger_homes(texas: UnitOfWork, catalog: Catalog, now: datetime) -> None:
    with texas as uow:
        cycle = open_cycle(uow.session)
        assert cycle is not None
        uow.session.add(
            Submission(
                cycle_id=cycle.id, jurisdiction_code="TX", submitted_by="UPOC", submitted_at=now
            )
        )
        answers.record(
            uow.session,
            cycle_id=cycle.id,
            jurisdiction="TX",
            rec_id="HOU-1",
            actor="UPOC",
            agency="",
            source="button",
            now=now,
            status="tier_1",
        )
        committee = home.home_for(uow.session, catalog, user="UCOM", now=now)
        stranger = home.home_for(uow.session, catalog, user="USTRANGER", now=now)
    rows = {r.code: r for r in committee.rows}
    assert committee.role == "committee" and len(rows) == 56 and committee.total == 127
    assert rows["TX"].answered == 1 and rows["TX"].poc == "UPOC" and rows["TX"].submitted
    assert rows["CA"].answered == 0 and not rows["CA"].submitted
    assert stranger.role == "stranger" and stranger.committee == ("UCOM",)
