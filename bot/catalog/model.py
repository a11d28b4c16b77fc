"""The recommendations catalog: topic areas, recommendations and the answer scale, as data.

The scale and the wording live in the file, not in code, so the Committee's official text can
replace the shipped draft without a code change (see the README, "The catalog").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

REPORT_TOPIC_COUNT = 12
REPORT_RECOMMENDATION_COUNT = 127
SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
PREFIX = re.compile(r"^[A-Z]{2,5}$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScaleOption(_Frozen):
    value: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    label: str = Field(min_length=1, max_length=60)
    help: str = Field(min_length=1, max_length=300)


class Resource(_Frozen):
    """A related resource or example the report cites for a recommendation."""

    title: str = Field(min_length=1, max_length=300)
    url: str = Field(pattern=r"^https?://[^\s<>\"]+$", max_length=1000)


class Topic(_Frozen):
    slug: str = Field(max_length=40)
    prefix: str
    name: str = Field(min_length=1, max_length=80)
    summary: str = Field(min_length=1, max_length=1500)
    aliases: tuple[str, ...] = ()

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be lower-case letters, digits and dashes")
        return value

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not PREFIX.match(value):
            raise ValueError("must be 2 to 5 upper-case letters")
        return value


class Recommendation(_Frozen):
    id: str = Field(pattern=r"^[A-Z]{2,5}-[0-9]{1,3}$")
    topic: str
    number: int = Field(ge=1, le=999)
    text: str = Field(min_length=1, max_length=1500)
    # Some recommendations admit only one tier; None means the whole scale.
    options: tuple[str, ...] | None = None
    resources: tuple[Resource, ...] = ()


class Catalog(_Frozen):
    title: str = Field(min_length=1, max_length=200)
    wording: Literal["draft", "official"]
    source: str = ""
    scale: tuple[ScaleOption, ...] = Field(min_length=2, max_length=10)
    topics: tuple[Topic, ...]
    recommendations: tuple[Recommendation, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        problems = [*self._topic_problems(), *self._recommendation_problems()]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _topic_problems(self) -> list[str]:
        problems = []
        if len(self.topics) != REPORT_TOPIC_COUNT:
            problems.append(f"expected {REPORT_TOPIC_COUNT} topic areas, found {len(self.topics)}")
        for label, values in (
            ("topic slug", [t.slug for t in self.topics]),
            ("topic prefix", [t.prefix for t in self.topics]),
            ("scale value", [o.value for o in self.scale]),
        ):
            problems += [f"duplicate {label} {v!r}" for v, n in Counter(values).items() if n > 1]
        return problems

    def _recommendation_problems(self) -> list[str]:
        problems = []
        topics = {t.slug: t for t in self.topics}
        scale = {o.value for o in self.scale}
        ids = Counter(r.id for r in self.recommendations)
        problems += [f"duplicate recommendation id {i!r}" for i, n in ids.items() if n > 1]
        for rec in self.recommendations:
            topic = topics.get(rec.topic)
            if topic is None:
                problems.append(f"{rec.id}: unknown topic {rec.topic!r}")
                continue
            if rec.id != f"{topic.prefix}-{rec.number}":
                problems.append(f"{rec.id}: id must be {topic.prefix}-{rec.number}")
            unknown = set(rec.options or ()) - scale
            if unknown:
                problems.append(f"{rec.id}: options not in the scale: {sorted(unknown)}")
        empty = [
            t.slug for t in self.topics if not any(r.topic == t.slug for r in self.recommendations)
        ]
        problems += [f"topic {slug!r} has no recommendations" for slug in empty]
        return problems

    @property
    def is_draft(self) -> bool:
        return self.wording == "draft"

    @cached_property
    def by_id(self) -> dict[str, Recommendation]:
        return {r.id: r for r in self.recommendations}

    @cached_property
    def topics_by_slug(self) -> dict[str, Topic]:
        return {t.slug: t for t in self.topics}

    def topic(self, slug: str) -> Topic:
        return self.topics_by_slug[slug]

    @cached_property
    def _by_topic(self) -> dict[str, tuple[Recommendation, ...]]:
        return {
            t.slug: tuple(
                sorted(
                    (r for r in self.recommendations if r.topic == t.slug), key=lambda r: r.number
                )
            )
            for t in self.topics
        }

    def in_topic(self, slug: str) -> list[Recommendation]:
        return list(self._by_topic.get(slug, ()))

    def options_for(self, rec: Recommendation) -> list[ScaleOption]:
        allowed = set(rec.options) if rec.options else None
        return [o for o in self.scale if allowed is None or o.value in allowed]

    def scale_label(self, value: str | None) -> str:
        return next((o.label for o in self.scale if o.value == value), "")
