"""The per-state report: what it counts, how it reads as Markdown and HTML, and the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.reports.state import render_report
from bot.workflows.errors import NotFound
from bot.workflows.reporting.report import StateReport, markdown_text, state_report
from bot.workflows.walk import answers
from store.models import Submission
from tests.conftest import CliResult
from tests.factories import add_cycle
from tests.reminder_world import renderer

NOW = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
NOTE = (
    "We run <script>alert(1)</script> & tell <!channel>\n# not a heading [link](http://x.example)"
)


@pytest.fixture
def seeded(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    """Texas: three answers in the first topic (one with a hostile note), one note-only row."""
    cycle_id = add_cycle(sessions, now=NOW)
    first = catalog.topics[0].slug
    recs = catalog.in_topic(first)
    with sessions() as session, session.begin():
        for rec, status in zip(recs, ("tier_2", "tier_2", "not_yet"), strict=False):
            _answer(session, cycle_id, rec.id, status=status)
        _answer(session, cycle_id, recs[0].id, notes=NOTE, resources="Training funds")
        _answer(session, cycle_id, catalog.in_topic(catalog.topics[1].slug)[0].id, notes="Later")
    return cycle_id


def _answer(session: Session, cycle_id: int, rec_id: str, **values: str) -> None:
    answers.record(
        session,
        cycle_id=cycle_id,
        jurisdiction="TX",
        rec_id=rec_id,
        actor="UTXPOC",
        agency="Texas DFPS",
        source="button",
        now=NOW,
        **values,
    )


def _report(sessions: sessionmaker[Session], catalog: Catalog, who: str = "tx") -> StateReport:
    with sessions() as session:
        return state_report(session, catalog, jurisdiction=who, cycle=None, now=NOW)


def test_the_report_counts_per_status_overall_and_per_topic(
    seeded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    report = _report(sessions, catalog, "Texas")
    assert (report.code, report.jurisdiction) == ("TX", "Texas")
    assert (report.answered, report.total) == (3, len(catalog.recommendations))
    counts = dict(report.counts)
    assert counts["Tier II: established practice"] == 2
    assert counts["Not yet addressed"] == 1
    assert counts["Not answered yet"] == len(catalog.recommendations) - 3
    first, second = report.topics[0], report.topics[1]
    assert (first.answered, first.total) == (3, len(catalog.in_topic(catalog.topics[0].slug)))
    assert dict(first.counts)["Tier II: established practice"] == 2
    top = first.recommendations[0]
    assert (top.status, top.notes, top.resources_needed) == (
        "Tier II: established practice",
        NOTE,
        "Training funds",
    )
    assert (top.answered_by, top.agency, top.answered_at) == ("UTXPOC", "Texas DFPS", NOW)
    noted = second.recommendations[0]
    assert (noted.status, noted.answered, noted.notes) == ("Not answered yet", False, "Later")
    assert second.answered == 0
    assert report.submission.state == "not_submitted"
    assert report.retired == ()


def test_submission_state_follows_the_latest_hand_in(
    seeded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session, session.begin():
        session.add(
            Submission(cycle_id=seeded, jurisdiction_code="TX", submitted_by="UP", submitted_at=NOW)
        )
    found = _report(sessions, catalog).submission
    assert (found.state, found.submitted_by, found.submitted_at) == ("submitted", "UP", NOW)
    later = NOW + timedelta(days=1)
    with sessions() as session, session.begin():
        row = session.query(Submission).one()
        row.reopened_at, row.reopened_by, row.reopen_reason = later, "UCOM", "Missing notes"
    found = _report(sessions, catalog).submission
    assert (found.state, found.reopened_by, found.reopened_at, found.reason) == (
        "reopened",
        "UCOM",
        later,
        "Missing notes",
    )


def test_unknown_jurisdiction_or_cycle_is_refused(
    seeded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with pytest.raises(NotFound, match="Unknown jurisdiction 'Atlantis'"):
        _report(sessions, catalog, "Atlantis")
    with sessions() as session, pytest.raises(NotFound, match="No cycle named"):
        state_report(session, catalog, jurisdiction="TX", cycle="1999", now=NOW)


def test_markdown_keeps_notes_as_plain_text(
    seeded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    text = render_report(renderer(catalog), _report(sessions, catalog), "md")
    assert text.startswith("# Texas (TX): 2027 State Self-Assessment\n")
    assert "_Draft wording:" in text and "_Policy answers only:" in text
    assert "- **Submission:** not submitted" in text
    body = text.split("\n", 1)[1]
    assert not re.search(r"(?<!\\)<", body)  # no HTML anywhere, not even from notes
    assert "&lt;" not in body and "&amp;" not in body  # and no entities in the raw text
    assert "\\<script\\>alert(1)\\</script\\> & tell \\<\\!channel\\>" in text
    assert "\\# not a heading \\[link\\](http\\://x.example)" in text
    assert "| **All topic areas** | 3 of 127 | 2 | 0 | 1 | 0 | 0 | 124 |" in text
    assert text.count("Not answered yet") == 125  # the table heading and 124 open lines
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_text_escapes_line_starts_and_links() -> None:
    assert markdown_text("1. first\n- item\n+ more\n> quote") == (
        "1\\. first  \n\\- item  \n\\+ more  \n\\> quote"
    )
    # Raw Markdown stays readable: no entities, and a lone & is left as it is.
    assert markdown_text("A & B &amp; <b>") == "A & B \\&amp; \\<b\\>"
    assert markdown_text("see www.example.org or *this* `code` | x") == (
        "see www\\.example.org or \\*this\\* \\`code\\` \\| x"
    )
    assert markdown_text("![img](https://x)", "  ") == "\\!\\[img\\](https\\://x)"
    assert markdown_text("") == ""


def test_html_escapes_notes_and_carries_the_markers(
    seeded: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    html = render_report(renderer(catalog), _report(sessions, catalog), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>" not in html and "<!channel>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; tell &lt;!channel&gt;" in html
    assert "Draft wording:" in html and "Policy answers only:" in html
    assert "<h1>Texas (TX): 2027 State Self-Assessment</h1>" in html


def test_cli_writes_the_report_to_a_file(
    seeded: int, run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "tx.html"
    result = run_cli("report", "state", "texas", "--format", "html", "--output", out)
    assert result.code == 0, result.err
    assert result.out.strip() == f"Wrote the TX report (3 of 127 answered) to {out}"
    assert "&lt;!channel&gt;" in out.read_text("utf-8")
    printed = run_cli("report", "state", "TX", "--cycle", "2027 State Self-Assessment")
    assert printed.code == 0 and printed.out.startswith("# Texas (TX)")


def test_cli_refuses_an_unknown_state_in_one_line(
    seeded: int, run_cli: Callable[..., CliResult]
) -> None:
    result = run_cli("report", "state", "Atlantis")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "Unknown jurisdiction 'Atlantis'" in result.err
    assert run_cli("report", "state", "TX", "--format", "docx").code == 2
    missing = run_cli("report", "state", "TX", "--cycle", "1999")
    assert missing.code == 2 and missing.err.strip() == "No cycle named '1999'."
