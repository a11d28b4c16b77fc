"""Find the topic area a person means from what they typed after `/assess`."""

from __future__ import annotations

import difflib

from bot.catalog import Catalog, Topic
from bot.workflows.errors import UnknownTopic


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def resolve_topic(catalog: Catalog, text: str) -> Topic:
    """By slug, name, alias or prefix (exact first), then by unambiguous start of a word."""
    wanted = _norm(text)
    names = {topic.slug: _names(topic) for topic in catalog.topics}
    exact = [t for t in catalog.topics if wanted in names[t.slug]]
    if len(exact) == 1:
        return exact[0]
    starts = [t for t in catalog.topics if any(n.startswith(wanted) for n in names[t.slug])]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        raise UnknownTopic(text, [t.slug for t in starts], ambiguous=True)
    return _closest(catalog, text, names)


def _names(topic: Topic) -> set[str]:
    return {_norm(n) for n in (topic.slug, topic.name, topic.prefix, *topic.aliases)}


def _closest(catalog: Catalog, text: str, names: dict[str, set[str]]) -> Topic:
    owner = {n: slug for slug, all_names in names.items() for n in all_names}
    near = difflib.get_close_matches(_norm(text), list(owner), n=6, cutoff=0.5)
    suggestions = list(dict.fromkeys(owner[n] for n in near))[:3]
    if suggestions:
        raise UnknownTopic(text, suggestions)
    raise UnknownTopic(text, [t.slug for t in catalog.topics], nothing_close=True)
