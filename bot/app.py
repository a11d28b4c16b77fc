"""The composition root: builds the Bolt app and its dependencies. No I/O happens at import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.catalog import Catalog, load_catalog
from bot.deps import Deps, utc_now
from bot.edge import health
from bot.edge import wsgi as edge_wsgi
from bot.edge.guard import GuardedApp
from bot.edge.team import own_team_only
from bot.handlers import ids, registry
from bot.runtime import LISTENER_THREADS, WORK_SLOTS, TrackedExecutor, WorkSlots
from bot.settings import Settings
from bot.slack_client import make_client
from bot.workflows.policy import partner_scope
from bot.workflows.reporting.topic_channels import topic_channel_map
from messages import Renderer
from store.db import make_engine, make_session_factory

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class BotApp:
    bolt: GuardedApp
    deps: Deps
    executor: TrackedExecutor

    def wsgi(self) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
        healthy = health.checker(self.deps.sessions, self.deps.catalog)
        secret = self.deps.settings.slack_signing_secret
        return edge_wsgi.application(self.bolt, EVENTS_PATH, secret, healthy)

    def wait_idle(self, timeout: float = 10.0) -> None:
        self.executor.wait_idle(timeout)

    def close(self) -> None:
        """Finish the work in hand, then release the listener threads and database connections."""
        self.wait_idle()
        self.executor.shutdown(wait=True)
        bind = self.deps.sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()


def create_app(
    settings: Settings,
    *,
    slack_client: WebClient | None = None,
    session_factory: sessionmaker[Session] | None = None,
    clock: Callable[[], datetime] = utc_now,
    catalog: Catalog | None = None,
    listener_threads: int = LISTENER_THREADS,
    work_slots: int = WORK_SLOTS,
) -> BotApp:
    client = slack_client or make_client(settings)
    executor = TrackedExecutor(listener_threads)
    catalog = catalog or load_catalog(settings.catalog_path)
    deps = Deps(
        settings=settings,
        catalog=catalog,
        sessions=session_factory
        or make_session_factory(
            make_engine(settings.database_url, pool_size=work_slots),
            forget_key=settings.forget_secret,
        ),
        client=client,
        render=Renderer(ids=ids.as_dict(), draft=catalog.is_draft),
        clock=clock,
        topic_channels=topic_channel_map(settings.topic_channel_pairs, catalog),
    )
    bolt = GuardedApp(
        WorkSlots(work_slots),
        client=client,
        signing_secret=settings.slack_signing_secret or None,
        request_verification_enabled=bool(settings.slack_signing_secret),
        token_verification_enabled=False,  # auth.test runs lazily on the first request instead
        listener_executor=executor,
        logger=logging.getLogger("bot.bolt"),
        raise_error_for_unhandled_request=False,
    )
    bolt.middleware(own_team_only(partners_of(deps)))
    registry.register(bolt, deps)
    return BotApp(bolt=bolt, deps=deps, executor=executor)


def partners_of(deps: Deps) -> Callable[[str, str, str | None], tuple[str, ...]]:
    """The policy's answer to "may this partner organisation's person act here?", read in a
    unit of work of its own before the request reaches a listener."""

    def scope(user: str, team: str, channel: str | None) -> tuple[str, ...]:
        with deps.uow() as uow:
            return partner_scope(uow.session, user=user, team=team, channel=channel)

    return scope
