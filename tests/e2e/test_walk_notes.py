"""Notes that are only whitespace are no notes; the notes modal can clear them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.reporting.export import answer_rows, export_cycle
from sandbox.slack import FakeSlack
from store.models import Answer, AnswerHistory
from tests.e2e.test_walk import start, thread
from tests.slack_driver import SlackDriver, Transcript, text_of


def write_notes(
    slack: SlackDriver, fake: FakeSlack, message: dict, notes: str, resources: str
) -> None:
    slack.click("UPOC", fake.message(message["channel"], message["ts"]), "walk_notes")
    slack.submit(
        "UPOC",
        fake.views("UPOC")[-1],
        {"notes": {"notes_input": notes}, "resources": {"resources_input": resources}},
    )


def test_blank_notes_are_no_notes(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    transcript: Transcript,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    transcript.new()
    write_notes(slack, fake, question, "   \n  ", " ")
    transcript.expect("views.open")
    shown = text_of(fake.message(parent["channel"], question["ts"]))
    assert "What the state does" not in shown and "Resources that would help" not in shown
    with db() as s:
        assert s.scalar(select(func.count()).select_from(AnswerHistory)) == 0
        assert s.scalar(select(func.count()).select_from(Answer)) == 0


def test_notes_alone_do_not_look_like_an_answer_in_exports(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    catalog: Catalog,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    write_notes(slack, fake, thread(fake, parent)[-1], "A pilot in two counties.", "  ")
    with db() as s:
        rows = answer_rows(s, catalog, export_cycle(s), jurisdiction="TX")
        row = next(r for r in rows if r.recommendation_id == "HOU-1")
        assert (row.status, row.notes, row.resources_needed) == (
            None,
            "A pilot in two counties.",
            "",
        )
        assert (row.answered_by, row.agency, row.answered_at) == ("", "", None)


def test_the_notes_modal_clears_notes_and_history_keeps_them(
    slack: SlackDriver,
    fake: FakeSlack,
    texas: None,
    db: sessionmaker[Session],
) -> None:
    parent = start(slack, fake)
    question = thread(fake, parent)[-1]
    write_notes(slack, fake, question, "Voucher pilot.", "Funding.")
    assert "Voucher pilot." in text_of(fake.message(parent["channel"], question["ts"]))
    slack.click("UPOC", fake.message(parent["channel"], question["ts"]), "walk_notes")
    modal = fake.views("UPOC")[-1]
    assert modal["view"]["blocks"][1]["element"]["initial_value"] == "Voucher pilot."
    slack.submit(
        "UPOC", modal, {"notes": {"notes_input": None}, "resources": {"resources_input": ""}}
    )
    shown = text_of(fake.message(parent["channel"], question["ts"]))
    assert "Voucher pilot." not in shown and "What the state does" not in shown
    with db() as s:
        answer = s.scalars(select(Answer)).one()
        assert (answer.notes, answer.resources_needed) == ("", "")
        changes = [
            (h.before_notes, h.after_notes, h.source) for h in s.scalars(select(AnswerHistory))
        ]
        assert changes == [("", "Voucher pilot.", "modal"), ("Voucher pilot.", "", "modal")]
