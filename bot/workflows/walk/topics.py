"""Find the topic area a person means from what they typed after `/assess`."""

from __future__ import annotations

import difflib

from bot.catalog import Catalog, Topic
from bot.workflows.errors import UnknownTopic

# Words that say nothing about a topic, so "and" matches no topic rather than most of them.
FILLER = frozenset({"and", "of", "the", "for", "a"})
CLOSE = 0.75  # difflib ratio: "hosing" → housing (0.92), while "foo" or "bar" match nothing


LONGEST_TOPIC_TEXT = 200


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


def resolve_topic(catalog: Catalog, text: str) -> Topic:
    """By slug, name, alias or prefix, then by the start of a name or of its words. A word that
    names one topic and is a whole word of another's name ("law") is ambiguous: both are offered."""
    if len(text) > LONGEST_TOPIC_TEXT:  # pages of text name no topic; fuzzy matching them is slow
        raise UnknownTopic(text, [t.slug for t in catalog.topics], nothing_close=True)
    wanted = _norm(text)
    names = {topic.slug: _names(topic) for topic in catalog.topics}
    exact = [t for t in catalog.topics if wanted in names[t.slug]]
    if exact:
        also = [t for t in catalog.topics if t not in exact and _has_word(names[t.slug], wanted)]
        return _one(catalog, text, [*exact, *also])
    starts = [t for t in catalog.topics if any(n.startswith(wanted) for n in names[t.slug])]
    if starts:
        return _one(catalog, text, starts)
    words = [w for w in wanted.split() if w not in FILLER]
    by_words = [t for t in catalog.topics if words and _words_start(names[t.slug], words)]
    if by_words:
        return _one(catalog, text, by_words)
    return _closest(catalog, text, words, names)


def _one(catalog: Catalog, text: str, found: list[Topic]) -> Topic:
    if len(found) == 1:
        return found[0]
    ordered = [t for t in catalog.topics if t in found]  # the report's order
    names = [t.name for t in ordered]
    raise UnknownTopic(text, [t.slug for t in ordered], ambiguous=True, names=names)


def _names(topic: Topic) -> set[str]:
    return {_norm(n) for n in (topic.slug, topic.name, topic.prefix, *topic.aliases)}


def _has_word(names: set[str], word: str) -> bool:
    return any(word in name.split() for name in names if " " in name)


def _words_start(names: set[str], words: list[str]) -> bool:
    """Every typed word starts some word of one of the topic's names."""
    parts = {part for name in names for part in name.split()}
    return all(any(p.startswith(w) for p in parts) for w in words)


def _closest(catalog: Catalog, text: str, words: list[str], names: dict[str, set[str]]) -> Topic:
    """Near misses only: the whole text against whole names, each word against name words."""
    suggestions = []
    for topic in catalog.topics:
        parts = {part for name in names[topic.slug] for part in name.split()} - FILLER
        whole = difflib.get_close_matches(_norm(text), list(names[topic.slug]), 1, CLOSE)
        if whole or (words and all(difflib.get_close_matches(w, parts, 1, CLOSE) for w in words)):
            suggestions.append(topic.slug)
    if suggestions:
        raise UnknownTopic(text, suggestions[:3])
    raise UnknownTopic(text, [t.slug for t in catalog.topics], nothing_close=True)
