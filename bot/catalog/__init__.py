"""The recommendations catalog: model, loading and import of the Committee's official list."""

from bot.catalog.load import CatalogError, load_catalog
from bot.catalog.model import Catalog, Recommendation, Resource, ScaleOption, Topic

__all__ = [
    "Catalog",
    "CatalogError",
    "Recommendation",
    "Resource",
    "ScaleOption",
    "Topic",
    "load_catalog",
]
