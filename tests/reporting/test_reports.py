"""The state and national reports in every format: every recommendation of the state, the
cover, innovative work and needs, people's text escaped, charts inlined, PDF from the HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.reports.national import render_national
from bot.reports.state import report_bytes
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.report import state_report
from tests.conftest import CliResult
from tests.reminder_world import renderer
from tests.reporting.published import pdf_text
from tests.reporting.world import NOW, small_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    return small_world(sessions, catalog)


def state(sessions: sessionmaker[Session], catalog: Catalog, fmt: str, code: str = "TX") -> bytes:
    with sessions() as session:
        found = state_report(session, catalog, jurisdiction=code, cycle=None, now=NOW)
    return report_bytes(renderer(catalog), found, fmt)


def national(sessions: sessionmaker[Session], catalog: Catalog, fmt: str) -> bytes:
    with sessions() as session:
        found = national_report(session, catalog, cycle=None, scope="submitted", now=NOW)
    return render_national(renderer(catalog), found, fmt)


def test_the_state_report_holds_every_recommendation_and_the_cover(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    for fmt in ("html", "md"):
        text = state(sessions, catalog, fmt).decode()
        for rec in catalog.recommendations:
            assert rec.id in text, (fmt, rec.id)
        assert "UTXPOC" in text and "TX DFPS" in text  # the point of contact and an agency
        assert "Funding for training" in text
        assert "Draft wording" in text and "identify a child or youth" in text
    html = state(sessions, catalog, "html").decode()
    assert "<dt>Point of contact</dt><dd>UTXPOC</dd>" in html
    assert "<dt>Submission</dt><dd>submitted on 2027-03-01 15:00 UTC by UPOC</dd>" in html
    assert "Not answered yet" in html
    ohio = state(sessions, catalog, "html", "OH").decode()
    assert "<dt>Submission</dt><dd>not submitted</dd>" in ohio


def test_people_s_text_is_escaped_everywhere(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    for data in (state(sessions, catalog, "html"), national(sessions, catalog, "html")):
        html = data.decode()
        assert "<script>" not in html and "<!channel>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; tell &lt;!channel&gt;" in html
    for data in (state(sessions, catalog, "md"), national(sessions, catalog, "md")):
        md = data.decode()
        assert "<script>" not in md and "<!channel>" not in md
        assert "\\<script\\>alert(1)\\</script\\> & tell \\<\\!channel\\> \\*loud\\*" in md


def test_html_is_self_contained_with_charts_whose_numbers_are_text(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    for data in (state(sessions, catalog, "html"), national(sessions, catalog, "html")):
        html = data.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(s.startswith(("data:image/png;base64,", "#")) for s in sources)
        alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
        assert alts and all("%" in alt for alt in alts)
        assert "<link" not in html and "@import" not in html
    html = national(sessions, catalog, "html").decode()
    assert "The 10 most adopted recommendations" in html
    assert "Innovative work" in html and "Resources needed" in html
    assert "submitted assessments only: 2 jurisdictions (CA, TX)" in html


def test_pdf_is_made_from_the_html(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    data = state(sessions, catalog, "pdf")
    assert data.startswith(b"%PDF")
    assert national(sessions, catalog, "pdf").startswith(b"%PDF")


def test_report_commands_write_files(
    small: int, run_cli: Callable[..., CliResult], tmp_path: Path, catalog: Catalog
) -> None:
    out = tmp_path / "tx.pdf"
    done = run_cli("report", "state", "TX", "--format", "pdf", "--out", out)
    assert done.code == 0, done.err
    assert out.read_bytes().startswith(b"%PDF")
    shown = run_cli("report", "national", "--format", "md", "--all")
    assert shown.code == 0 and "every answer given, submitted or not: 3 jurisdictions" in shown.out
    folder = tmp_path / "reports"
    every = run_cli("report", "all", "--format", "md", "--out", folder)  # HTML: same, slower
    assert every.code == 0, every.err
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 56 + 2 and {"index.md", "national.md", "TX.md"} <= set(names)
    index = (folder / "index.md").read_text()
    assert "| [Texas](TX.md) | 3 of 127 | submitted |" in index and "(national.md)" in index


def test_without_pango_pdf_says_so_in_one_line_and_html_still_works(
    small: int, db_url: str, tmp_path: Path
) -> None:
    """A stand-in `weasyprint` fails to import the way the real one does without Pango."""
    fake = tmp_path / "no_pango" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': not found\")\n", "utf-8"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(fake.parent), str(ROOT)]),
        "DATABASE_URL": db_url,
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "bot", "report", "state", "TX", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    pdf = cli("--format", "pdf")
    assert pdf.returncode == 2 and pdf.stdout == ""
    assert pdf.stderr.count("\n") == 1
    assert pdf.stderr.startswith("PDF needs WeasyPrint and its libraries (cannot load library")
    html = cli("--format", "html")
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")


def test_a_state_pdf_through_the_command_line_is_whole_and_the_exit_codes_hold(
    small: int, db_url: str, tmp_path: Path
) -> None:
    """The real process, as an operator runs it: the chart is drawn in a forked process beside
    WeasyPrint, and the command exits without tearing the interpreter down; neither may cost a
    byte of the PDF or an exit code."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "DATABASE_URL": db_url}

    def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "bot", "report", "state", *args],
            capture_output=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    whole = cli("TX", "--format", "pdf")
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.startswith(b"%PDF-") and whole.stdout.rstrip().endswith(b"%%EOF")
    text = pdf_text(whole.stdout)
    assert "Report card" in text and "Answers by topic area" in text
    unknown = cli("ZZ", "--format", "pdf")
    assert unknown.returncode == 2 and unknown.stdout == b""
    assert unknown.stderr.decode().startswith("Unknown jurisdiction 'ZZ'")
