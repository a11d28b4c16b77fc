"""What every handler and job needs, built once by the composition root."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog
from bot.compose import Composer
from bot.settings import Settings
from messages import Renderer
from store.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    catalog: Catalog
    sessions: sessionmaker[Session]
    client: WebClient
    render: Renderer
    clock: Callable[[], datetime] = utc_now
    topic_channels: Mapping[str, str] = field(default_factory=dict)  # topic slug -> channel

    @cached_property
    def compose(self) -> Composer:
        """Turns the notices workflows queue into outbox messages (see bot/compose.py)."""
        return Composer(self.render)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    def now(self) -> datetime:
        return self.clock()
