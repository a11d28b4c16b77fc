"""Past the deadline: the POC hears once about each agency with open topics; seven days late,
the Committee channel hears once about the jurisdiction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.reminders import availability
from bot.workflows.reminders.data import Planned
from bot.workflows.reminders.schedule import Rules
from sandbox.slack.limits import check_message_blocks, check_text
from tests.reminder_world import answer_topics, open_cycle, person, run, submit, tick

START = datetime(2027, 3, 1, 15, tzinfo=UTC)
CHICAGO = "America/Chicago"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def texas(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    cycle = open_cycle(sessions, now=START)
    person(sessions, "UPOC", "TX", now=START, tz=CHICAGO)
    for user in ("UH1", "UH2"):
        person(
            sessions,
            user,
            "TX",
            "agency",
            now=START,
            tz=CHICAGO,
            topics=["housing"],
            agency="TX Housing Authority",
        )
    person(
        sessions,
        "UCW",
        "TX",
        "agency",
        now=START,
        tz=CHICAGO,
        topics=["child-welfare", "prevention"],
        agency="Dept. of Family <Services>",
    )
    person(
        sessions,
        "UDONE",
        "TX",
        "agency",
        now=START,
        tz=CHICAGO,
        topics=["funding"],
        agency="Budget",
    )
    answer_topics(sessions, catalog, cycle, "TX", ["housing"], now=START, leave_open=2)
    answer_topics(sessions, catalog, cycle, "TX", ["funding"], now=START)
    return cycle


def notes(sent: list[tuple[datetime, Planned]]) -> list[Planned]:
    return [p for _, p in sent if p.kind == "escalation"]


def test_the_poc_hears_once_about_each_late_agency_with_its_open_topics(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    before = tick(sessions, catalog, utc(2027, 3, 30, 12), utc(2027, 4, 1, 12))
    assert notes(before) == []  # not before the deadline has passed
    sent = tick(sessions, catalog, utc(2027, 4, 1, 12), utc(2027, 4, 9, 12))
    found = notes(sent)
    assert {p.recipient for p in found} == {"UPOC"}
    assert len(found) == 2  # Housing Authority and Family Services; Budget is done
    at = {p.key: t for t, p in sent if p.kind == "escalation"}
    assert set(at.values()) == {utc(2027, 4, 1, 14)}  # Thursday 09:00 in Texas, the first day late
    housing = next(p for p in found if "Housing" in p.text)
    assert housing.text.startswith("TX Housing Authority still has open topic areas for Texas")
    assert "Housing (6 of 8 answered)" in housing.text
    assert "<@UH1>, <@UH2>" in str(housing.blocks)
    family = next(p for p in found if "Family" in p.text)
    assert "Dept. of Family &lt;Services&gt;" in family.text
    assert "Child Welfare (0 of 14 answered), Prevention (0 of 11 answered)" in family.text


def test_a_poc_who_is_away_hears_about_late_agencies_when_back(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    with sessions() as session, session.begin():
        availability.set_away(session, user="UPOC", back_on=date(2027, 4, 5), now=START)
    sent = tick(
        sessions, catalog, utc(2027, 4, 1, 12), utc(2027, 4, 6, 0), every=timedelta(hours=1)
    )
    assert {t for t, p in sent if p.kind == "escalation"} == {utc(2027, 4, 5, 14)}


def test_the_committee_channel_hears_of_a_jurisdiction_seven_days_late_once(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    open_cycle_jurisdictions = {"TX", "CA", "GU"}
    person(sessions, "UCA", "CA", now=START, tz="America/Los_Angeles")
    person(sessions, "UGU", "GU", now=START, tz="Pacific/Guam")
    person(sessions, "UHI", "HI", now=START, tz="Pacific/Honolulu")
    submit(sessions, texas, "HI", now=START)
    sent = tick(
        sessions, catalog, utc(2027, 4, 6, 0), utc(2027, 4, 10, 0), every=timedelta(hours=1)
    )
    lines = [(t, p) for t, p in sent if p.kind == "overdue"]
    assert {p.recipient for _, p in lines} == {"CCOMMITTEE"}
    assert {p.key.rsplit(":", 1)[1] for _, p in lines} == open_cycle_jurisdictions
    assert {t for t, _ in lines} == {utc(2027, 4, 7, 13)}  # 09:00 in New York, DEFAULT_TZ
    texas_line = next(p for _, p in lines if p.key.endswith(":TX"))
    assert texas_line.text == (
        "Texas (TX) has not submitted 2027 State Self-Assessment, due Wed 31 Mar 2027: "
        "7 days late, 14 of 127 recommendations answered."
    )


def test_the_escalation_delay_is_configurable_and_needs_a_committee_channel(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    quiet = Rules(committee_channel="")
    assert [
        p for p in run(sessions, catalog, utc(2027, 4, 8, 14), rules=quiet) if p.kind == "overdue"
    ] == []
    soon = Rules(committee_channel="CNAC", escalate_after=2)
    lines = [
        p for p in run(sessions, catalog, utc(2027, 4, 2, 14), rules=soon) if p.kind == "overdue"
    ]
    assert [p.recipient for p in lines] == ["CNAC"]


def test_a_submitted_jurisdiction_escalates_nothing(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    submit(sessions, texas, "TX", now=START)
    assert (
        tick(sessions, catalog, utc(2027, 4, 1, 0), utc(2027, 4, 9, 0), every=timedelta(hours=1))
        == []
    )


def test_every_message_passes_slacks_block_checks(
    sessions: sessionmaker[Session], catalog: Catalog, texas: int
) -> None:
    sent = [p for _, p in tick(sessions, catalog, utc(2027, 3, 31, 12), utc(2027, 4, 8, 20))]
    assert {p.kind for p in sent} == {"digest", "escalation", "overdue"}
    for planned in sent:
        assert check_text(planned.text) == [] and len(planned.text) < 3000
        assert check_message_blocks(planned.blocks) == [], planned.key
