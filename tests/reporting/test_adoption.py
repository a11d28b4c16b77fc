"""Adoption across jurisdictions, against a hand-computed fixture; the statement count does not
grow with the number of jurisdictions; the CLI in every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.workflows.reporting.adoption import Adoption
from bot.workflows.reporting.adoption_view import adoption_of
from bot.workflows.reporting.committee import national_picture, state_detail
from bot.workflows.reporting.national import national_report
from bot.workflows.reporting.status_data import summarize
from store.models import Jurisdiction
from tests.conftest import CliResult
from tests.reporting.world import HOSTILE, NOW, small_world, wide_world


def find(sessions: sessionmaker[Session], catalog: Catalog, scope: str = "submitted") -> Adoption:
    with sessions() as session:
        return adoption_of(session, catalog, cycle=None, scope=scope, now=NOW)


@pytest.fixture
def small(sessions: sessionmaker[Session], catalog: Catalog) -> int:
    return small_world(sessions, catalog)


def counts(tally: Any) -> dict[str, tuple[int, float]]:
    return {s.value: (s.count, s.share) for s in tally.shares}


def test_shares_per_recommendation_keep_not_applicable_and_unsure_apart_from_no_answer(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = find(sessions, catalog)
    assert (found.scope, found.codes) == ("submitted", ("CA", "TX"))
    assert found.scope_label == "submitted assessments only"
    r1, r2, r3 = found.topics[0].recommendations[:3]
    zero = dict.fromkeys(("tier_2", "tier_1", "not_yet", "not_applicable", "unsure"), (0, 0.0))
    assert counts(r1.tally) == {**zero, "tier_2": (2, 1.0), "no_answer": (0, 0.0)}
    assert counts(r2.tally) == {
        **zero,
        "tier_1": (1, 0.5),
        "unsure": (1, 0.5),
        "no_answer": (0, 0.0),
    }
    assert counts(r3.tally) == {**zero, "not_applicable": (1, 0.5), "no_answer": (1, 0.5)}
    assert r1.tally.base == 2
    n = len(catalog.in_topic(catalog.topics[0].slug))
    topic = found.topics[0].tally
    assert topic.base == 2 * n
    assert {k: c for k, (c, _) in counts(topic).items()} == {
        "tier_2": 2,
        "tier_1": 1,
        "not_yet": 0,
        "not_applicable": 1,
        "unsure": 1,
        "no_answer": 2 * n - 5,
    }
    assert found.topics[1].tally.count("no_answer") == found.topics[1].tally.base


def test_most_and_least_adopted_and_the_matrix(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = find(sessions, catalog)
    ids = [r.id for r in catalog.recommendations]
    r1, r2 = ids[0], ids[1]
    assert [r.id for r in found.most] == [r1, r2, *ids[2:10]]
    assert [r.id for r in found.least] == ids[2:12]
    first = found.matrix[0]
    # Scores: CA R1 Tier II (R2 not sure is shown apart); TX (1 + 0.5) / 2, R3 not applicable.
    assert first.cells == (1.0, 0.75)
    assert all(c is None for row in found.matrix[1:] for c in row.cells)  # nothing weighed


def test_innovative_work_and_resources_needed_are_grouped_by_topic_and_recommendation(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = find(sessions, catalog)
    (topic,) = found.innovative
    (rec,) = topic.recommendations
    (note,) = rec.notes
    assert (topic.name, rec.id) == (catalog.topics[0].name, catalog.recommendations[0].id)
    assert (note.code, note.jurisdiction, note.agency, note.who.label, note.text) == (
        "TX",
        "Texas",
        "TX DFPS",
        "UTXPOC",
        HOSTILE,
    )
    (needs,) = found.resources_needed
    assert needs.count == 1 and needs.recommendations[0].notes[0].text == "Funding for training"


def test_every_answer_given_counts_jurisdictions_still_in_progress(
    small: int, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    found = find(sessions, catalog, "all")
    assert (found.codes, found.scope_label) == (
        ("CA", "OH", "TX"),
        "every answer given, submitted or not",
    )
    r1 = found.topics[0].recommendations[0]
    assert (r1.tally.count("tier_2"), r1.tally.count("not_yet"), r1.tally.base) == (2, 1, 3)
    assert [n.code for t in found.innovative for r in t.recommendations for n in r.notes] == [
        "TX",
        "OH",
    ]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements(
    engine: Engine, sessions: sessionmaker[Session], work: Callable[[Session], object]
) -> int:
    with counting(engine) as seen, sessions() as session:
        work(session)
    return len(seen)


def views(catalog: Catalog, state: str) -> dict[str, Callable[[Session], object]]:
    """Every Committee view that reads all jurisdictions at once, and one state in detail (a
    state with answers in both worlds, so both read the same things)."""
    return {
        "adoption": lambda s: adoption_of(s, catalog, cycle=None, scope="all", now=NOW),
        "national": lambda s: national_report(s, catalog, cycle=None, scope="all", now=NOW),
        "status post data": lambda s: summarize(
            s, catalog, channel="CCOMMITTEE", key="k", today=NOW.date()
        ),
        "/assess committee": lambda s: national_picture(s, catalog, user="UCOM"),
        "/assess committee XX": lambda s: state_detail(s, catalog, user="UCOM", jurisdiction=state),
    }


def test_the_number_of_statements_does_not_grow_with_jurisdictions(
    engine: Engine, sessions: sessionmaker[Session], catalog: Catalog
) -> None:
    with sessions() as session:
        codes = list(session.scalars(select(Jurisdiction.code).order_by(Jurisdiction.code)))
    assert len(codes) == 56
    wide_world(sessions, catalog, codes[:3])
    few = {
        name: statements(engine, sessions, view) for name, view in views(catalog, codes[0]).items()
    }
    _reset(sessions)
    wide_world(sessions, catalog, codes)
    many = {
        name: statements(engine, sessions, view) for name, view in views(catalog, codes[0]).items()
    }
    assert many == few
    opening = 1 if engine.dialect.name == "sqlite" else 0  # SQLite's BEGIN IMMEDIATE
    # One state in detail: who asks, which state, its people's names, the cycle, submissions,
    # people, that state's answers, the jurisdictions.
    assert few["/assess committee XX"] - opening <= 8
    # The views over every jurisdiction read in a handful of queries; one state's detail (its
    # people's names as well) only has to stay the same whatever the number of jurisdictions.
    assert all(0 < n <= 8 for name, n in few.items() if name != "/assess committee XX"), few


def _reset(sessions: sessionmaker[Session]) -> None:
    from store.models import Answer, AnswerHistory, Cycle, Participant, Submission

    with sessions() as session, session.begin():
        for model in (AnswerHistory, Answer, Submission, Participant, Cycle):
            session.execute(model.__table__.delete())


def test_cli_writes_every_format_and_says_what_it_counted(
    small: int, run_cli: Callable[..., CliResult], tmp_path: Path, catalog: Catalog
) -> None:
    shown = run_cli("adoption")
    assert shown.code == 0, shown.err
    assert "**Counted:** submitted assessments only: 2 jurisdictions (CA, TX)" in shown.out
    assert "_Draft wording:" in shown.out
    assert "<script>" not in shown.out and "<!channel>" not in shown.out
    assert "\\<script\\>" in shown.out
    assert "| Texas" not in shown.out  # the matrix is by code
    every = run_cli("adoption", "--all", "--format", "json")
    data = json.loads(every.out)
    assert data["scope"] == "all" and data["scope_label"].startswith("every answer given")
    assert data["matrix_codes"] == ["CA", "OH", "TX"]
    assert data["topics"][0]["recommendations"][0]["tally"]["base"] == 3
    table = run_cli("adoption", "--format", "csv")
    rows = list(csv.reader(io.StringIO(table.out)))
    assert rows[0] == ["# About"] and rows[2][1] == "submitted assessments only"
    rec_head = rows.index(["# Recommendations"]) + 1
    header, first = rows[rec_head], rows[rec_head + 1]
    assert first[header.index("tier_2")] == "2" and first[header.index("tier_2_share")] == "1.0000"
    out = tmp_path / "adoption.xlsx"
    written = run_cli("adoption", "--format", "xlsx", "--out", out)
    assert written.code == 0 and "submitted assessments only (2 jurisdictions)" in written.out
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["About", "Recommendations", "Topic areas"]
    notes = list(book["Innovative work"].iter_rows(values_only=True))
    assert notes[1][3:] == ("TX", "TX DFPS", "UTXPOC", HOSTILE)
    assert run_cli("adoption", "--format", "xlsx").code == 2
