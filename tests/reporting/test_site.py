"""`report all --out DIR`: the publication as a static site. Its index links every page that
exists and nothing that does not, every HTML page passes the accessibility checks, every PDF is
Letter and tagged, a reopened assessment says "reopened" and one not started gets one page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from store.models import Submission
from tests.conftest import CliResult
from tests.reporting.published import accessibility_problems, parse, pdf_problems
from tests.reporting.world import NOW, small_world


def reopen(sessions: sessionmaker[Session], code: str) -> None:
    with sessions() as s, s.begin():
        s.execute(
            update(Submission)
            .where(Submission.jurisdiction_code == code)
            .values(reopened_by="UCOM", reopened_at=NOW, reopen_reason="Missing notes")
        )


def test_the_site_links_every_page_it_holds_and_nothing_else(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    small_world(sessions, catalog)  # TX and CA submitted, OH in progress, 53 not started
    reopen(sessions, "CA")
    site = tmp_path / "site"
    done = run_cli("report", "all", "--format", "pdf", "--out", site)
    assert done.code == 0, done.err
    files = {p.name for p in site.iterdir()}
    assert len([f for f in files if f.endswith(".html")]) == 56 + 2  # states, national, index
    assert len([f for f in files if f.endswith(".pdf")]) == 56 + 1
    assert {"adoption.csv", "adoption.xlsx"} <= files
    index = parse((site / "index.html").read_text("utf-8"))
    linked = set(index.links)
    assert linked == files - {"index.html"}  # every file, and no link to one that is missing
    for page in site.glob("*.html"):
        html = page.read_text("utf-8")
        assert not accessibility_problems(html), page.name
        # Nothing from elsewhere: no stylesheet, script or image outside the page itself.
        assert not re.search(r'<(?:link|script)[^>]+(?:href|src)=|src="(?!data:)', html)
        for href in parse(html).links:
            assert href.startswith(("#", "http://", "https://")) or (site / href).exists(), href
    for pdf in site.glob("*.pdf"):
        assert not pdf_problems(pdf.read_bytes()), pdf.name
    text = " ".join(parse((site / "index.html").read_text("utf-8")).text)
    assert "California (CA)" in text and "reopened" in text
    assert "Ohio (OH)" in text and "in progress" in text and "not started" in text
    wyoming = PdfReader(io.BytesIO((site / "WY.pdf").read_bytes()))
    assert len(wyoming.pages) == 1
    assert "has not started" in (site / "WY.html").read_text("utf-8")
    assert load_workbook(site / "adoption.xlsx").sheetnames
