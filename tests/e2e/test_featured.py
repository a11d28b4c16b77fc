"""Featured practices over signed HTTP: a Committee member features a state's note from
`/assess committee TX`, anyone else is refused, every change is audited, and both reports list
the practice."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.models.blocks import Block
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.handlers import ids
from bot.reports.national import render_national
from bot.reports.state import report_bytes
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from sandbox.slack import FakeSlack
from store.models import Answer, AuditEvent, FeaturedPractice
from tests.clock import Clock
from tests.reminder_world import renderer
from tests.reporting.world import record, submit
from tests.slack_driver import SlackDriver, text_of

PRACTICE = "Our MDT meets weekly & shares one <protocol>"


@pytest.fixture
def noted(texas: None, db: sessionmaker[Session], catalog: Catalog, clock: Clock) -> str:
    """TX (submitted) answered its first recommendation Tier II with a note."""
    rec = catalog.recommendations[0].id
    with db() as s, s.begin():
        cycle_id = s.scalar(select(Answer.cycle_id).limit(1)) or 1
        record(s, cycle_id, "TX", rec, "tier_2", by="UPOC", agency="TX DFPS", notes=PRACTICE)
        submit(s, cycle_id, "TX", now=clock.now)
    return rec


def detail(slack: SlackDriver, fake: FakeSlack, user: str = "UCOM") -> dict[str, Any]:
    slack.command(user, "committee TX")
    shown = fake.ephemerals(user)[-1]
    for raw in shown["blocks"]:
        block = Block.parse(raw)
        assert block is not None
        block.to_dict()
    return shown


def test_a_committee_member_features_a_practice_and_both_reports_list_it(
    noted: str,
    slack: SlackDriver,
    fake: FakeSlack,
    db: sessionmaker[Session],
    catalog: Catalog,
    clock: Clock,
) -> None:
    shown = detail(slack, fake)
    slack.click("UCOM", shown, f"{ids.COMMITTEE_FEATURE}:{noted}", ephemeral=True)
    assert f"TX {noted} is now featured" in text_of(fake.ephemerals("UCOM")[-1])
    with db() as s:
        assert s.scalars(select(FeaturedPractice.recommendation_id)).all() == [noted]
        audit = s.scalars(select(AuditEvent.scope).where(AuditEvent.action == "feature")).all()
        assert audit == [f"featured TX {noted}, 2027 State Self-Assessment"]
        state = state_report(s, catalog, jurisdiction="TX", cycle=None, now=clock.now)
        national = national_report(s, catalog, cycle=None, scope="submitted", now=clock.now)
    assert [line.id for _, line in state.featured] == [noted]
    for fmt in ("html", "md"):
        card = report_bytes(renderer(catalog), state, fmt).decode()
        listed = card.split("Practices the Committee features")[1].split("Appendix")[0]
        assert noted in listed and "MDT meets weekly" in listed, fmt
        whole = render_national(renderer(catalog), national, fmt).decode()
        promising = whole.split("Promising practices")[1]
        assert "Texas (TX)" in promising and "TX DFPS" in promising and noted in promising, fmt
    # The detail now offers to stop featuring it; that is audited too.
    again = detail(slack, fake)
    assert f"Stop featuring {noted}" in str(again["blocks"])
    slack.click("UCOM", again, f"{ids.COMMITTEE_FEATURE}:{noted}", ephemeral=True)
    assert f"TX {noted} is no longer featured" in text_of(fake.ephemerals("UCOM")[-1])
    with db() as s:
        assert s.scalars(select(FeaturedPractice)).all() == []
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.action == "feature")).all()) == 2


@pytest.mark.parametrize("user", ["UPOC", "UAG1", "UOTHER", "USTRANGER"])
def test_no_one_else_may_feature_a_practice(
    noted: str, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session], user: str
) -> None:
    shown = detail(slack, fake)  # the Committee's message, the click forged by someone else
    slack.click(user, shown, f"{ids.COMMITTEE_FEATURE}:{noted}", ephemeral=True)
    assert "Only Committee members" in text_of(fake.ephemerals(user)[-1])
    with db() as s:
        assert s.scalars(select(FeaturedPractice)).all() == []
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "feature")).all() == []
