"""The question message's blocks. A question nobody has answered yet looks the same in every
walk but for the walk id its buttons carry, so it is rendered once per recommendation (and way
of showing it, e.g. asked or skipped) and each click only fills in its walk; a question with an
answer shows who and when, and is rendered each time."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bot.catalog import Catalog
from bot.workflows.walk.views import Question, build_question
from messages.render import Renderer

TEMPLATE = "walk/question.blocks.json.j2"
CACHED = 512  # the 127 recommendations, asked, skipped, left behind or superseded


def question_blocks(render: Renderer, question: Question) -> list[dict[str, Any]]:
    if question.answer is not None or question.was_label:
        return render.blocks(TEMPLATE, q=question)
    blocks: list[dict[str, Any]] = json.loads(_unanswered(render, replace(question, walk_id=0)))
    # As the template's `tojson` writes it, so a cached and a fresh rendering are the same.
    ref = json.dumps({"r": question.rec_id, "w": question.walk_id}, sort_keys=True)
    for block in blocks:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                if "value" in element:
                    element["value"] = ref
    return blocks


@dataclass(frozen=True)
class _AnyWalk:
    id: int
    topic: str


def warm(render: Renderer, catalog: Catalog) -> None:
    """Render every recommendation as asked before the first click, once per server process
    (127 renderings, some 30 ms of CPU): otherwise each process pays one rendering per
    recommendation on someone's click, which on a day's first walks is most clicks."""
    for topic in catalog.topics:
        for rec in catalog.in_topic(topic.slug):
            _unanswered(render, build_question(catalog, _AnyWalk(0, topic.slug), rec, None))


@lru_cache(maxsize=CACHED)
def _unanswered(render: Renderer, question: Question) -> str:
    return json.dumps(render.blocks(TEMPLATE, q=question))
