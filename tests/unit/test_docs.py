"""The architecture document cannot rot: every repository path it names in backticks exists, and
it stands on its own (no links out of the repository)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`\n]+)`")
# A token is taken for a path when it starts at a top-level entry of the repository.
PATHLIKE = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/?$")


def top_level() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.name not in {".git", ".venv"}}


def named_paths(text: str) -> list[str]:
    """Backticked tokens outside code fences that name a file or folder of the repository: a
    path under one of its top-level folders, or a top-level file such as `README.md`."""
    prose = FENCE.sub("", text)
    tops = top_level()
    return [
        token
        for token in INLINE.findall(prose)
        if PATHLIKE.match(token)
        and token.split("/")[0] in tops
        and ("/" in token or (ROOT / token).is_file())
    ]


def test_the_document_names_many_paths() -> None:
    # Guards the check itself: a change of pattern that finds nothing would pass vacuously.
    assert len(set(named_paths(DOC.read_text(encoding="utf-8")))) > 60


@pytest.mark.parametrize("path", sorted(set(named_paths(DOC.read_text(encoding="utf-8")))))
def test_every_named_path_exists(path: str) -> None:
    assert (ROOT / path).exists(), f"docs/ARCHITECTURE.md names {path}, which does not exist"


def test_the_check_sees_a_missing_path() -> None:
    text = "See `bot/nowhere.py` and `store/models.py`; not `slack_sdk` or `/assess help`.\n"
    text += "```\nbot/in_a_fence.py\n```\n"
    assert named_paths(text) == ["bot/nowhere.py", "store/models.py"]


@pytest.mark.parametrize("doc", [DOC, ROOT / "README.md"], ids=lambda p: p.name)
def test_the_documents_stand_on_their_own(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "../" not in text
    assert not re.search(r"\bshared docs?\b|DESIGN\.md|STYLE\.md|DOMAIN\.md", text)
