"""TOPIC_CHANNELS checked against the catalog at start: each listed topic area must exist."""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog import Catalog, CatalogError
from bot.workflows.errors import UnknownTopic
from bot.workflows.walk.topics import resolve_topic


def topic_channel_map(pairs: Sequence[tuple[str, str]], catalog: Catalog) -> dict[str, str]:
    """Topic slug -> channel id; a topic the catalog does not know stops start-up in one line."""
    found: dict[str, str] = {}
    for text, channel in pairs:
        try:
            topic = resolve_topic(catalog, text)
        except UnknownTopic as exc:
            raise CatalogError(f"TOPIC_CHANNELS: {exc}") from None
        found[topic.slug] = channel
    return found
