"""The catalog's per-recommendation options and resources: read from the official CSV, shown
as links in the walk, listed in the reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.models.blocks import Block
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.reports.state import report_bytes
from bot.workflows.reporting.report import state_report
from bot.workflows.walk.views import build_question
from store.models import Walk
from tests.conftest import CliResult
from tests.factories import add_cycle
from tests.reminder_world import renderer
from tests.reporting.world import record

NOW = datetime(2027, 3, 1, 15, tzinfo=UTC)


def official_csv(path: Path, catalog: Catalog) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["topic", "number", "text", "options", "resources"])
    for rec in catalog.recommendations:
        options = resources = ""
        if rec.id == "MDR-1":
            options = "tier_2; not_applicable"
            resources = (
                "Task force guide <draft> | https://example.org/guide\nhttps://example.org/examples"
            )
        writer.writerow([rec.topic, rec.number, rec.text, options, resources])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_import_reads_options_and_resources(
    run_cli: Callable[..., CliResult], tmp_path: Path, catalog: Catalog
) -> None:
    output = tmp_path / "catalog.json"
    done = run_cli(
        "catalog", "import", official_csv(tmp_path / "o.csv", catalog), "--output", output
    )
    assert done.code == 0, done.err
    rec = load_catalog(output).by_id["MDR-1"]
    assert rec.options == ("tier_2", "not_applicable")
    assert [(r.title, r.url) for r in rec.resources] == [
        ("Task force guide <draft>", "https://example.org/guide"),
        ("https://example.org/examples", "https://example.org/examples"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("topic,number,text,resources\nhousing,1,Text,Guide | ftp://x\n", "utf-8")
    refused = run_cli("catalog", "import", bad, "--output", output)
    assert refused.code == 2 and "needs an http(s) URL" in refused.err


def test_the_walk_shows_resources_as_links(
    tmp_path: Path, catalog: Catalog, run_cli: Callable[..., CliResult]
) -> None:
    output = tmp_path / "catalog.json"
    run_cli("catalog", "import", official_csv(tmp_path / "o.csv", catalog), "--output", output)
    official = load_catalog(output)
    rec = official.by_id["MDR-1"]
    walk = Walk(id=1, topic=rec.topic)
    question = build_question(official, walk, rec, None)
    assert [v for v, _ in question.options] == ["tier_2", "not_applicable"]
    blocks = renderer(official).blocks("walk/question.blocks.json.j2", q=question)
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None
        block.to_dict()
    links = next(b for b in blocks if "Related resources" in str(b))["elements"][0]["text"]
    assert "<https://example.org/guide|Task force guide &lt;draft&gt;>" in links
    assert "<https://example.org/examples|https://example.org/examples>" in links


def test_reports_list_the_resources(
    sessions: sessionmaker[Session],
    catalog: Catalog,
    tmp_path: Path,
    run_cli: Callable[..., CliResult],
) -> None:
    factory = sessions
    output = tmp_path / "catalog.json"
    run_cli("catalog", "import", official_csv(tmp_path / "o.csv", catalog), "--output", output)
    official = load_catalog(output)
    cycle_id = add_cycle(factory, now=NOW)
    with factory() as s, s.begin():  # a started assessment: its report lists every answer
        record(s, cycle_id, "TX", official.recommendations[0].id, "tier_2")
    with factory() as session:
        found = state_report(session, official, jurisdiction="TX", cycle=None, now=NOW)
    html = report_bytes(renderer(official), found, "html").decode()
    assert '<a href="https://example.org/guide">Task force guide &lt;draft&gt;</a>' in html
    md = report_bytes(renderer(official), found, "md").decode()
    assert "- **Resource:** Task force guide \\<draft\\> <https://example.org/guide>" in md
