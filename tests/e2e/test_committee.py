"""The Committee's half in Slack, over signed HTTP: `/assess committee [XX]`, `/assess export`
uploading CSV and XLSX through the three upload steps, and who may do which."""

from __future__ import annotations

import csv
import io
import warnings
from typing import Any

import pytest
from openpyxl import load_workbook
from slack_sdk.models.blocks import Block
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.handlers import ids
from bot.workflows.reporting.export_format import timestamp
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory, SlackName
from tests.clock import Clock
from tests.reporting.world import HOSTILE, record, submit
from tests.slack_driver import SlackDriver, text_of

UPLOAD_STEPS = ("files.getUploadURLExternal", "upload", "files.completeUploadExternal")


def valid_blocks(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= 50
    for raw in blocks:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            block = Block.parse(raw)
        assert block is not None
        block.to_dict()


@pytest.fixture(autouse=True)
def patient(slack: SlackDriver) -> None:
    """Exports and reports are built after the ack; on a busy machine that takes more than
    the driver's usual ten seconds of waiting."""
    slack.wait = lambda: slack.bot.wait_idle(120)


@pytest.fixture
def answered(texas: None, db: sessionmaker[Session], catalog: Catalog, clock: Clock) -> None:
    """TX submitted (a hostile note on a Tier II answer), CA half-way, 54 not started."""
    with db() as s, s.begin():
        cycle_id = s.scalar(select(Answer.cycle_id).limit(1)) or 1
        for i, rec in enumerate(catalog.recommendations):
            status = ("tier_2", "tier_1", "not_yet", "not_applicable", "unsure")[i % 5]
            notes = HOSTILE if i == 0 else ""
            record(s, cycle_id, "TX", rec.id, status, by="UPOC", notes=notes, now=clock.now)
        for rec in catalog.recommendations[:60]:
            record(s, cycle_id, "CA", rec.id, "tier_1", by="UOTHER", agency="=cmd", now=clock.now)
        submit(s, cycle_id, "TX", now=clock.now)


def last(fake: FakeSlack, user: str) -> dict[str, Any]:
    return fake.ephemerals(user)[-1]


def test_the_committee_sees_the_national_picture(
    answered: None, slack: SlackDriver, fake: FakeSlack
) -> None:
    slack.command("UCOM", "committee")
    shown = last(fake, "UCOM")
    valid_blocks(shown["blocks"])
    text = text_of(shown)
    assert "*1* submitted · *1* in progress · *54* not started, of 56 jurisdictions" in text
    assert (
        "The 5 least adopted recommendations* (submitted assessments only, 1 jurisdiction;" in text
    )
    assert text.count("• *") == 5
    actions = [
        e["action_id"] for b in shown["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert actions == [ids.COMMITTEE_EXPORT, ids.COMMITTEE_NATIONAL]


def test_one_jurisdiction_in_detail_escapes_what_people_wrote(
    answered: None, slack: SlackDriver, fake: FakeSlack, catalog: Catalog
) -> None:
    profile = {"display_name": "Pat <Ramírez>"}
    slack.event({"type": "user_change", "user": {"id": "UPOC", "profile": profile}})
    slack.command("UCOM", "committee texas")
    shown = last(fake, "UCOM")
    valid_blocks(shown["blocks"])
    text = text_of(shown)
    assert "*127 of 127* answered · submitted" in text
    assert "point of contact Pat &lt;Ramírez&gt;" in text and "UPOC" not in text
    first = catalog.topics[0]
    assert f"*{first.name}* · " in text and "Answered by Pat &lt;Ramírez&gt;" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; tell &lt;!channel&gt;" in text
    assert "<!channel>" not in text and "<script>" not in text
    slack.command("UCOM", "committee CA")
    assert "Open: " in text_of(last(fake, "UCOM"))


@pytest.mark.parametrize("user", ["UPOC", "UAG1", "USTRANGER"])
def test_only_the_committee_sees_the_national_picture(
    answered: None, slack: SlackDriver, fake: FakeSlack, user: str
) -> None:
    slack.command(user, "committee")
    assert "Only Committee members" in text_of(last(fake, user))


def uploads(fake: FakeSlack) -> dict[str, bytes]:
    return {f["filename"]: f["content"] for f in fake.files()}


def test_export_uploads_csv_and_xlsx_equal_to_the_database(
    answered: None, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    slack.command("UCOM", "export")
    steps = [c.method for c in fake.calls() if c.method in UPLOAD_STEPS]
    # A URL per file, each file's bytes to its URL, then one completion sharing both.
    assert sorted(steps[:4]) == sorted(UPLOAD_STEPS[:2] * 2) and steps[4:] == [UPLOAD_STEPS[2]]
    files = uploads(fake)
    name = "answers-2027-State-Self-Assessment"
    assert set(files) == {f"{name}.csv", f"{name}.xlsx"}
    dm = fake.dm_channel("UCOM")
    (message,) = [m for m in fake.messages(dm) if m.get("files")]
    assert "policy answers only" in message["text"]
    assert "Sent to your DM" in text_of(last(fake, "UCOM"))
    with db() as s:
        stored = {(a.jurisdiction_code, a.recommendation_id): a for a in s.scalars(select(Answer))}
        names = {n.user_id: n.name for n in s.scalars(select(SlackName))}
    rows = list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode())))
    assert len(rows) == 56 * 127
    book = load_workbook(io.BytesIO(files[f"{name}.xlsx"]))
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    assert len(body) == 56 * 127
    for row in body:
        cell = dict(zip(header, row, strict=True))
        answer = stored.pop((cell["jurisdiction"], cell["recommendation_id"]), None)
        if answer is None:
            assert cell["status"] is None and cell["answered_at"] is None
            continue
        assert (cell["status"], cell["notes"] or "", cell["agency"] or "") == (
            answer.status,
            answer.notes,
            answer.agency,
        )
        assert (cell["answered_by_name"], cell["answered_at"]) == (
            names[answer.answered_by],  # the name Slack gave, asked before the export
            timestamp(answer.answered_at),
        )
    assert stored == {}
    by_key = {(r["jurisdiction"], r["recommendation_id"]): r for r in rows}
    ca = next(r for k, r in by_key.items() if k[0] == "CA" and r["status"])
    assert ca["agency"] == "'=cmd"  # a spreadsheet shows it as text, never runs it


def test_a_poc_exports_only_their_own_and_history_has_every_change(
    answered: None, slack: SlackDriver, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    slack.command("UPOC", "export history")
    files = uploads(fake)
    name = "changes-2027-State-Self-Assessment-TX"
    assert set(files) == {f"{name}.csv", f"{name}.xlsx"}
    rows = list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode())))
    with db() as s:
        changes = s.scalars(
            select(AnswerHistory).where(AnswerHistory.jurisdiction_code == "TX")
        ).all()
    assert len(rows) == len(changes) == 127
    assert {r["jurisdiction"] for r in rows} == {"TX"}


@pytest.mark.parametrize(
    ("user", "refusal"),
    [("UAG1", "Only your state's point of contact"), ("USTRANGER", "Exports are for Committee")],
)
def test_export_is_refused_to_anyone_else(
    answered: None, slack: SlackDriver, fake: FakeSlack, user: str, refusal: str
) -> None:
    slack.command(user, "export")
    assert refusal in text_of(last(fake, user))
    assert fake.files() == []
    assert not [c for c in fake.calls() if c.method in UPLOAD_STEPS]


def test_the_overview_buttons_send_the_export_and_the_national_report(
    answered: None, slack: SlackDriver, fake: FakeSlack
) -> None:
    slack.command("UCOM", "committee")
    overview = last(fake, "UCOM")
    slack.click("UCOM", overview, ids.COMMITTEE_NATIONAL, ephemeral=True)
    files = uploads(fake)
    (report,) = [n for n in files if n.startswith("national-report")]
    html = files[report].decode()
    assert html.startswith("<!DOCTYPE html>") and "data:image/png;base64," in html
    assert "<script>" not in html
    slack.click("UCOM", overview, ids.COMMITTEE_EXPORT, ephemeral=True)
    assert any(n.endswith(".xlsx") for n in uploads(fake))
