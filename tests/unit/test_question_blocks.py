"""A question nobody has answered yet is rendered once per recommendation; each walk gets the
same blocks a fresh rendering would give, with its own walk id on every button."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from bot.catalog import Catalog
from bot.handlers import ids
from bot.handlers.walk.question_blocks import _unanswered, question_blocks
from bot.workflows.walk.views import build_question
from messages.render import Renderer


@dataclass(frozen=True)
class AWalk:
    id: int
    topic: str


@pytest.mark.parametrize(
    "shape", [{}, {"asking": False, "skipped": True}, {"asking": False, "superseded": True}]
)
def test_a_cached_question_is_the_fresh_one_with_its_own_walk(
    catalog: Catalog, shape: dict[str, bool]
) -> None:
    render = Renderer(ids=ids.as_dict(), draft=catalog.is_draft)
    rec = catalog.in_topic("housing")[2]
    for walk_id in (7, 8, 7):
        question = build_question(catalog, AWalk(walk_id, "housing"), rec, None, **shape)
        fresh = render.blocks("walk/question.blocks.json.j2", q=question)
        assert question_blocks(render, question) == fresh
        for block in fresh:
            for element in block.get("elements", []):
                if "value" in element:
                    assert json.loads(element["value"]) == {"w": walk_id, "r": rec.id}
    assert _unanswered.cache_info().hits >= 2, "rendered once, then filled in"
