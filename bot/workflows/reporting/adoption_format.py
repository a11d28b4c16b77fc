"""The adoption view as tables (CSV, XLSX), JSON, and the rows a Markdown template reads."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bot.workflows.reporting.adoption import Adoption, RecAdoption
from bot.workflows.reporting.export_format import timestamp
from bot.workflows.reporting.notes import TopicNotes
from bot.workflows.reporting.tables import Table, Value
from bot.workflows.reporting.tally import Tally

FORMATS = ("md", "csv", "json", "xlsx")


def adoption_tables(found: Adoption) -> list[Table]:
    """About, per recommendation, per topic, most and least adopted, the matrix, the notes."""
    options = found.topics[0].tally.shares if found.topics else ()
    counted = tuple(h for s in options for h in (s.value, f"{s.value}_share"))
    about = Table(
        "About",
        ("cycle", "scope", "jurisdictions", "generated_at"),
        ((found.cycle_name, found.scope_label, " ".join(found.codes), found.generated_at),),
    )
    recs = Table(
        "Recommendations",
        ("topic", "recommendation_id", "recommendation", "base", *counted),
        tuple((r.topic_name, r.id, r.text, *_counts(r.tally)) for r in found.recommendations),
    )
    topics = Table(
        "Topic areas",
        ("topic", "base", *counted),
        tuple((t.name, *_counts(t.tally)) for t in found.topics),
    )
    matrix = Table(
        "Matrix",
        ("topic", *found.codes),
        tuple((row.name, *(_rounded(c) for c in row.cells)) for row in found.matrix),
    )
    return [
        about,
        recs,
        topics,
        _ranked("Most adopted", found.most),
        _ranked("Least adopted", found.least),
        matrix,
        _notes("Innovative work", found.innovative),
        _notes("Resources needed", found.resources_needed),
    ]


def adoption_json(found: Adoption) -> str:
    data: dict[str, Any] = asdict(found)
    for part in ("innovative", "resources_needed"):  # people by name, as in every other format
        for topic in data[part]:
            for rec in topic["recommendations"]:
                for note in rec["notes"]:
                    note["who"] = note["who"]["name"] or note["who"]["id"]
    data["scope_label"] = found.scope_label
    data["generated_at"] = timestamp(found.generated_at)
    data["matrix_codes"] = list(found.codes)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _counts(tally: Tally) -> tuple[Value, ...]:
    return (tally.base, *(v for s in tally.shares for v in (s.count, round(s.share, 4))))


def _ranked(title: str, recs: tuple[RecAdoption, ...]) -> Table:
    return Table(
        title,
        ("rank", "recommendation_id", "topic", "recommendation", "tier_2_share", "tier_1_share"),
        tuple(
            (
                n,
                r.id,
                r.topic_name,
                r.text,
                round(r.tally.share("tier_2"), 4),
                round(r.tally.share("tier_1"), 4),
            )
            for n, r in enumerate(recs, start=1)
        ),
    )


def _notes(title: str, topics: tuple[TopicNotes, ...]) -> Table:
    return Table(
        title,
        ("topic", "recommendation_id", "recommendation", "jurisdiction", "agency", "who", "text"),
        tuple(
            (t.name, r.id, r.text, n.code, n.agency, n.who.label, n.text)
            for t in topics
            for r in t.recommendations
            for n in r.notes
        ),
    )
