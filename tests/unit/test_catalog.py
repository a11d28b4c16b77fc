"""The shipped catalog, broken copies of it, and the import of the Committee's official list."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog, CatalogError, load_catalog
from bot.settings import DEFAULT_CATALOG
from tests.conftest import CliResult

REPORT_ORDER = [
    "Multidisciplinary Response",
    "Screening and Identification",
    "Child Welfare",
    "Service Provision",
    "Housing",
    "Law Enforcement and Prosecution",
    "Judiciary",
    "Demand Reduction",
    "Prevention",
    "Legislation and Regulation",
    "Research and Data",
    "Funding and Sustainability",
]
Cli = Callable[..., CliResult]


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    return data


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_csv(path: Path, catalog: Catalog) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic", "number", "text", "id"])
        for rec in catalog.recommendations:
            writer.writerow([rec.topic, rec.number, rec.text, rec.id])
    return path


def test_shipped_catalog_has_the_reports_12_areas_in_order_and_127_unique_ids(
    catalog: Catalog,
) -> None:
    assert [topic.name for topic in catalog.topics] == REPORT_ORDER
    ids = [rec.id for rec in catalog.recommendations]
    assert len(ids) == len(set(ids)) == 127
    assert all(catalog.in_topic(topic.slug) for topic in catalog.topics)
    assert [o.value for o in catalog.scale] == [
        "tier_2",
        "tier_1",
        "not_yet",
        "not_applicable",
        "unsure",
    ]


def test_shipped_catalog_is_marked_draft(catalog: Catalog) -> None:
    assert catalog.wording == "draft"
    assert catalog.is_draft
    assert "draft" in catalog.title.lower()


def duplicate_id(data: dict[str, Any]) -> None:
    data["recommendations"][1] = dict(data["recommendations"][0])


def unknown_topic(data: dict[str, Any]) -> None:
    data["recommendations"][4]["topic"] = "astronomy"


def missing_text(data: dict[str, Any]) -> None:
    del data["recommendations"][3]["text"]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (duplicate_id, "duplicate recommendation id 'MDR-1'"),
        (unknown_topic, "MDR-5: unknown topic 'astronomy'"),
        (missing_text, "recommendations[3] (MDR-4).text: Field required"),
    ],
)
def test_broken_copy_is_rejected_naming_the_file_and_the_entry(
    tmp_path: Path, breakage: Callable[[dict[str, Any]], None], expected: str
) -> None:
    data = shipped()
    breakage(data)
    path = write_json(tmp_path / "broken.json", data)

    with pytest.raises(CatalogError) as caught:
        load_catalog(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_bad_json_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "title": "x",\n  oops\n}', encoding="utf-8")

    with pytest.raises(CatalogError, match=r"broken.json: not valid JSON \(line 3"):
        load_catalog(path)


def test_catalog_check_command(run_cli: Cli, tmp_path: Path) -> None:
    ok = run_cli("catalog", "check", DEFAULT_CATALOG)
    assert (ok.code, ok.err) == (0, "")
    assert ok.out == (
        f"{DEFAULT_CATALOG}: ok — 12 topic areas, 127 recommendations, wording draft\n"
    )

    data = shipped()
    unknown_topic(data)
    bad = run_cli("catalog", "check", write_json(tmp_path / "bad.json", data))
    assert bad.code == 2
    assert bad.err.count("\n") == 1
    assert "bad.json: " in bad.err
    assert "MDR-5: unknown topic 'astronomy'" in bad.err


def test_csv_import_round_trip_makes_the_wording_official(
    run_cli: Cli, tmp_path: Path, catalog: Catalog
) -> None:
    source = write_csv(tmp_path / "official.csv", catalog)
    output = tmp_path / "catalog.json"

    result = run_cli("catalog", "import", source, "--output", output)

    assert result.code == 0, result.err
    assert result.err == ""
    imported = load_catalog(output)
    assert imported.wording == "official"
    assert not imported.is_draft
    assert "draft" not in imported.title.lower()
    assert imported.recommendations == catalog.recommendations
    assert (imported.topics, imported.scale) == (catalog.topics, catalog.scale)
    assert "127 recommendations, wording official" in result.out


def test_json_list_import_and_a_short_list_warns(run_cli: Cli, tmp_path: Path) -> None:
    first_of_each = [
        {"topic": topic["name"], "number": 1, "text": f"Official text for {topic['slug']}."}
        for topic in shipped()["topics"]
    ]
    output = tmp_path / "catalog.json"

    result = run_cli(
        "catalog", "import", write_json(tmp_path / "list.json", first_of_each), "--output", output
    )

    assert result.code == 0
    assert result.err == "warning: the report has 127 recommendations; this catalog has 12\n"
    assert [r.id for r in load_catalog(output).recommendations][:2] == ["MDR-1", "SCR-1"]


def test_failed_import_leaves_the_existing_catalog_untouched(
    run_cli: Cli, tmp_path: Path, catalog: Catalog
) -> None:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    output = folder / "catalog.json"
    output.write_bytes(DEFAULT_CATALOG.read_bytes())
    source = write_csv(folder / "official.csv", catalog)
    source.write_text(
        source.read_text(encoding="utf-8") + "astronomy,1,Look up,\n", encoding="utf-8"
    )

    result = run_cli("catalog", "import", source, "--output", output)

    assert result.code == 2
    assert result.err == f"{source}: entry 129: unknown topic 'astronomy'\n"
    assert output.read_bytes() == DEFAULT_CATALOG.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.json", "official.csv"]
