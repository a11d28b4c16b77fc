"""Reports as the Committee prints and publishes them: PDFs on U.S. Letter that lose nothing the
HTML shows (wide tables turned or set landscape, no cell clipped), tagged for screen readers,
charts legible at print size, HTML that meets the checkable basics of WCAG 2.1 AA."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.reports.national import national_charts, render_national
from bot.reports.state import render_report, report_bytes, summary_chart
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from messages.charts import PRINT_WIDTH
from store.jurisdictions import JURISDICTIONS
from tests.reminder_world import renderer
from tests.reporting.published import accessibility_problems, missing_from_pdf, pdf_problems
from tests.reporting.world import NOW, small_world, wide_world

CODES = [code for code, *_ in JURISDICTIONS]


@pytest.fixture
def everyone(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    """56 jurisdictions answering every recommendation, half of them submitted: the tables as
    wide and as long as they get."""
    return wide_world(sessions, catalog, CODES)


def test_the_state_pdf_holds_every_number_and_id_of_its_html(
    everyone: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = state_report(session, catalog, jurisdiction="TX", cycle=None, now=NOW)
    html = render_report(renderer(catalog), found, "html")
    pdf = report_bytes(renderer(catalog), found, "pdf")
    assert not missing_from_pdf(html, pdf)
    assert not pdf_problems(pdf)
    assert not accessibility_problems(html)


def test_the_national_pdf_holds_every_number_and_id_of_its_html(
    everyone: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="submitted", now=NOW)
    assert len(found.adoption.codes) == 28  # wider than a portrait page's matrix once was
    html = render_national(renderer(catalog), found, "html").decode()
    pdf = render_national(renderer(catalog), found, "pdf")
    assert not missing_from_pdf(html, pdf)
    assert not pdf_problems(pdf)
    assert not accessibility_problems(html)


def test_charts_print_at_text_width_with_type_of_at_least_8_pt(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    small_world(sessions, catalog)
    with sessions() as session:
        tx = state_report(session, catalog, jurisdiction="TX", cycle=None, now=NOW)
        nat = national_report(session, catalog, cycle=None, scope="all", now=NOW)
    drawn = [summary_chart(tx), *(c for c in national_charts(nat).values() if c is not None)]
    for chart in drawn:
        assert chart.width_in <= PRINT_WIDTH  # printed at full size or larger, never shrunk
        assert chart.smallest_pt >= 8


def test_the_national_map_labels_every_jurisdiction_with_its_score(
    sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    small_world(sessions, catalog)
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="submitted", now=NOW)
    chart = national_charts(found)["map"]
    assert set(CODES) <= set(chart.texts)  # one square each, every one named
    assert chart.smallest_pt >= 8 and chart.width_in <= PRINT_WIDTH
    scores = {x.code: x.card.overall.value for x in found.ranked}
    # TX: Tier II 1 + Tier I 0.5 over 2 weighed (not applicable left out) = 75%; CA: Tier II
    # only (not sure is shown apart) = 100%; OH has not submitted: not scored.
    assert scores == {"CA": 1.0, "TX": 0.75}
    assert "CA 100%, TX 75%" in chart.alt and "OH" in chart.alt.split("Not scored:")[1]


def test_the_national_html_of_every_answer_fits_a_screen(
    everyone: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    """With --all the matrix once had a column per jurisdiction (56): 2281 px wide. Now no
    table has more columns than a topic area each and a label."""
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="all", now=NOW)
    assert len(found.adoption.codes) == 56
    html = render_national(renderer(catalog), found, "html").decode()
    widest = max(len(re.findall(r"<t[hd][ >]", row)) for row in html.split("<tr")[1:])
    assert widest <= len(catalog.topics) + 1
