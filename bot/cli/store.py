"""Open the operator's database, migrated to head first so every command sees the current schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from bot.cli.base import CliError
from bot.settings import Settings
from store.db import make_engine, make_session_factory
from store.migrate import upgrade


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable DATABASE_URL)"


def open_engine(settings: Settings) -> Engine:
    try:
        return make_engine(settings.database_url)
    except (ArgumentError, ImportError) as exc:
        shown = safe_url(settings.database_url)
        raise CliError(f"DATABASE_URL {shown!r} is not usable: {exc}") from None


@contextmanager
def migrated_engine(settings: Settings) -> Iterator[Engine]:
    engine = open_engine(settings)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@contextmanager
def sessions(settings: Settings) -> Iterator[sessionmaker[Session]]:
    with migrated_engine(settings) as engine:
        yield make_session_factory(engine, forget_key=settings.forget_secret)
