"""The state report card and progress between cycles, on a two-cycle world counted by hand
(tests/reporting/cycles_world.py), in HTML and Markdown; names, never Slack ids."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.reports.adoption import adoption_file
from bot.reports.national import national_charts, render_national
from bot.reports.report_set import report_set
from bot.reports.state import report_bytes
from bot.workflows.cycles import close_cycle, create_cycle
from bot.workflows.reporting.adoption_view import adoption_of
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import StateReport, state_report
from bot.workflows.reporting.status_data import summarize
from messages.trend_chart import trend_chart
from store.models import Submission
from tests.reminder_world import renderer
from tests.reporting.cycles_world import NEW_2026, NOW, OLD_2025, ids, two_cycles
from tests.reporting.world import record, submit

YEAR = timedelta(days=365)
SLACK_ID = re.compile(r"\bU[A-Z0-9]{3,}\b")


@pytest.fixture
def cycles(sessions: sessionmaker[Session], catalog: Catalog) -> tuple[int, int]:
    return two_cycles(sessions, catalog)


def report(
    sessions: sessionmaker[Session], catalog: Catalog, code: str = "TX", **kw: str | None
) -> StateReport:
    with sessions() as session:
        return state_report(session, catalog, jurisdiction=code, cycle=None, now=NOW, **kw)


def texts(catalog: Catalog, found: StateReport) -> dict[str, str]:
    return {fmt: report_bytes(renderer(catalog), found, fmt).decode() for fmt in ("html", "md")}


def test_progress_since_the_previous_cycle_per_topic_and_moved(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = report(sessions, catalog)
    change = found.comparison
    assert change is not None and change.previous == OLD_2025
    first, second = change.topics[0], change.topics[1]
    assert (first.tier_2_then, first.tier_2_now, first.tier_2_change) == (2, 3, "+1")
    assert (first.tier_1_then, first.tier_1_now, first.tier_1_change) == (1, 2, "+1")
    assert (second.tier_2_then, second.tier_2_now, second.tier_2_change) == (0, 1, "+1")
    assert all(t.tier_2_change == "0" for t in change.topics[2:])
    (r1, r2, r3, _r4, _r5), s1 = ids(catalog)
    assert [m.id for m in change.up] == [r1, r2, s1]
    assert [(m.id, m.before, m.after) for m in change.down] == [
        (r3, "Tier II: established practice", "Tier I: getting started")
    ]
    for fmt, text in texts(catalog, found).items():
        assert f"Progress since {OLD_2025}" in text, fmt
        assert "+1 Tier II" in text, fmt
        for moved in (r1, r2, r3, s1):
            assert moved in text.split("Progress since")[1], (fmt, moved)
    md = texts(catalog, found)["md"]
    name = catalog.topics[0].name
    assert f"| {name} | 2 | 3 | +1 | 1 | 2 | +1 |" in md
    assert f"- **{r3}** (Tier II: established practice → Tier I: getting started): " in md


def test_the_card_scores_beside_the_national_median(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = report(sessions, catalog)
    card = found.card
    assert card.overall.value == pytest.approx(5 / 6)
    assert card.topics[0].score.value == pytest.approx(0.8)
    assert card.topics[1].score.value == 1.0
    assert card.topics[2].score.value is None
    # TX 5/6 and CA 1 (R2 not applicable is left out): the median is their mean.
    assert card.overall_spread is not None
    assert card.overall_spread.median == pytest.approx((5 / 6 + 1) / 2)
    (r1, r2, r3, r4, r5), s1 = ids(catalog)
    assert [g.ids for g in card.strengths] == [(r1, r4, r5), (s1,)]
    assert [g.ids for g in card.tier_1] == [(r2, r3)]
    assert card.not_yet == ()
    html, md = texts(catalog, found).values()
    for text in (html, md):
        assert "Overall score:" in text and "83%" in text and "national median 92%" in text
        assert "Report card" in text and "Methodology" in text
        assert text.index("Report card") < text.index("Appendix")
        for option in catalog.scale:  # the catalog's definitions, not words of the code
            assert option.help in text
        assert "Jurisdictions counted for the national figures" in text
        assert "California, Texas" in text
        assert "Next steps" in text and "Strengths" in text
    assert f'<td class="id">{r1}' in html  # ids do not break across lines


def test_compare_none_or_another_cycle(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    assert report(sessions, catalog, compare_with="none").comparison is None
    html = texts(catalog, report(sessions, catalog, compare_with="none"))["html"]
    assert "Progress since" not in html and "Tier II since" not in html
    same = report(sessions, catalog, compare_with=NEW_2026)
    assert same.comparison is None  # a cycle is not compared with itself
    earlier = report(sessions, catalog, compare_with=OLD_2025).comparison
    assert earlier is not None and earlier.previous == OLD_2025


def test_a_closed_cycle_shows_the_people_of_that_cycle(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = state_report(session, catalog, jurisdiction="TX", cycle=OLD_2025, now=NOW)
    assert found.closed and found.comparison is None  # nothing before 2025
    assert found.answerers == ("Ana Old-Poc",) and found.agencies == ("Old Agency",)
    for text in texts(catalog, found).values():
        assert "Ana Old-Poc" in text and "Old Agency" in text
        assert "Dmitri Fitzgerald" not in text and "Texas DFPS" not in text
        assert "Point of contact" not in text


def test_a_jurisdiction_that_has_not_started_gets_one_short_page(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = report(sessions, catalog, "OH")
    assert not found.started
    for fmt, text in texts(catalog, found).items():
        assert "Ohio has not started this self-assessment" in text, fmt
        assert "Not answered yet" not in text and "Appendix" not in text, fmt
        assert len(text) < 9000, (fmt, len(text))


def test_reports_name_people_never_by_slack_id(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    render = renderer(catalog)
    with sessions() as session:
        files = report_set(
            session, catalog, render, fmt="md", cycle=None, scope="submitted", now=NOW
        )
        files += report_set(
            session, catalog, render, fmt="html", cycle=None, scope="submitted", now=NOW
        )
    for name, data in files:
        text = re.sub(r'src="data:[^"]*"', "", data.decode())  # inlined charts are not text
        assert not SLACK_ID.findall(text), name
    tx = dict(files)["TX.md"].decode()
    assert "**Point of contact:** Dmitri Fitzgerald" in tx
    assert "Sam Submitter" in tx  # who submitted


def test_the_national_report_shows_change_and_the_method(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="submitted", now=NOW)
    change = found.change
    assert change is not None and change.previous == OLD_2025
    texas = next(p for p in change.places if p.code == "TX")
    # 2025: (.5 + 0 + 1 + 1 + 0) / 5 = 50%, R5 not sure apart; 2026: 83%.
    assert (texas.score.change, texas.tier_2_change) == ("+33 points", "+2")
    assert change.overall.change == "+17 points"  # medians 75% -> 92%
    for fmt in ("html", "md"):
        text = render_national(renderer(catalog), found, fmt).decode()
        assert f"Progress since {OLD_2025}" in text, fmt
        assert "+33 points" in text and "+2 Tier II" in text, fmt
        assert "Submitted" in text and "2 of 56 jurisdictions" in text, fmt
        assert "Methodology" in text and catalog.scale[0].help in text, fmt
        assert "Progress by jurisdiction" in text, fmt
        assert not SLACK_ID.findall(re.sub(r'src="data:[^"]*"', "", text)), fmt


def test_a_reopened_assessment_says_reopened(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session, session.begin():
        row = session.query(Submission).filter_by(cycle_id=cycles[1], jurisdiction_code="TX").one()
        row.reopened_at, row.reopened_by = NOW + timedelta(days=1), "UCOM"
        row.reopen_reason = "Missing notes."
    render = renderer(catalog)
    with sessions() as session:
        files = dict(
            report_set(session, catalog, render, fmt="md", cycle=None, scope="all", now=NOW)
        )
    assert "| [Texas](TX.md) | 6 of 127 | reopened |" in files["index.md"].decode()
    national = files["national.md"].decode()
    assert "| Texas (TX) | 6 of 127 (5%) | reopened |" in national
    assert "1 of 56 jurisdictions (1 reopened)" in national
    state = files["TX.md"].decode()
    assert "by Sam Submitter. Reason given: “Missing notes.”" in state
    assert ".;" not in state and ".)" not in state


def test_the_status_post_counts_a_reopened_assessment_apart(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session, session.begin():
        row = session.query(Submission).filter_by(cycle_id=cycles[1], jurisdiction_code="TX").one()
        row.reopened_at, row.reopened_by = NOW + timedelta(days=1), "UCOM"
    with sessions() as session:
        found = summarize(session, catalog, channel="C1", key="k", today=NOW.date())
    context = found.as_context()
    assert (context["submitted"], context["reopened"], context["in_progress"]) == (1, 1, 0)
    text = renderer(catalog).text("status/post.txt.j2", **context)
    assert "1 of 56 jurisdictions submitted, 0 in progress" in text and "1 reopened, " in text
    blocks = renderer(catalog).blocks("status/post.blocks.json.j2", **context)
    lines = [line for b in blocks if b.get("text") for line in b["text"]["text"].splitlines()]
    assert "• *Texas* (TX) 5% · 6/127 · reopened" in lines, lines


def test_three_cycles_give_the_national_trend(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session, session.begin():
        close_cycle(session, now=NOW)
        third = create_cycle(
            session, name="2027 State Self-Assessment", deadline=NOW.date(), now=NOW + YEAR
        )
        record(session, third.id, "TX", catalog.recommendations[0].id, "not_yet", now=NOW + YEAR)
        submit(session, third.id, "TX", now=NOW + YEAR)
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="submitted", now=NOW)
    assert [name for name, _ in found.trend] == [OLD_2025, NEW_2026, "2027 State Self-Assessment"]
    assert [round(m * 100) for _, m in found.trend if m is not None] == [75, 92, 0]
    html = render_national(renderer(catalog), found, "html").decode()
    assert "National median score by cycle" in html and "data:image/png;base64," in html
    chart = national_charts(found)["trend"]
    assert chart is not None and chart.smallest_pt >= 8
    assert chart.alt == (
        "National median score by cycle: 2025 State Self-Assessment 75%, "
        "2026 State Self-Assessment 92%, 2027 State Self-Assessment 0%"
    )
    assert {"75%", "92%", "0%"} <= set(chart.texts)  # every point says its score
    md = render_national(renderer(catalog), found, "md").decode()
    assert "| 2026 State Self-Assessment | 92% |" in md


def test_a_cycle_with_no_jurisdiction_counted_leaves_a_gap_not_a_zero() -> None:
    chart = trend_chart([("2025", 0.5), ("2026", None), ("2027", 0.75)], "Median")
    assert chart.alt == "Median: 2025 50%, 2026 none counted, 2027 75%"
    assert "none counted" in chart.texts and "50%" in chart.texts and "75%" in chart.texts
    assert chart.smallest_pt >= 8


def test_adoption_files_name_people_not_ids(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = adoption_of(session, catalog, cycle=None, scope="submitted", now=NOW)
    for fmt in ("md", "csv", "json"):
        text = adoption_file(renderer(catalog), found, fmt).decode()
        assert not SLACK_ID.findall(text), fmt
        assert "Dmitri Fitzgerald" in text, fmt
    book = load_workbook(io.BytesIO(adoption_file(renderer(catalog), found, "xlsx")))
    sheet = book["Innovative work"]
    header = [c.value for c in sheet[1]]
    who = [row[header.index("Who")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert who == ["Dmitri Fitzgerald"]


def test_the_matrix_stays_narrow_however_many_are_counted(
    cycles: tuple[int, int], sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="all", now=NOW)
    html = render_national(renderer(catalog), found, "html").decode()
    matrix = html.split('<table class="matrix">')[1].split("</table>")[0]
    head = matrix.split("</thead>")[0]
    assert head.count("<th ") == 1 + len(catalog.topics)  # jurisdictions are rows, not columns
    assert matrix.count("<tr>") == 1 + len(found.adoption.codes)
    # Scores, not shares of every recommendation: Texas answered 6 of 127 and scores 80% in
    # the first topic area, not 5 / 12 as if unanswered meant not adopted.
    assert '<th scope="row">TX</th><td class="n">80%</td><td class="n">100%</td>' in matrix
