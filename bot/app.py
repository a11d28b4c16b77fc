"""The composition root: builds the Bolt app and its dependencies. No I/O happens at import."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot import handlers
from bot.catalog import Catalog, load_catalog
from bot.deps import Deps, utc_now
from bot.handlers import ids
from bot.runtime import LISTENER_THREADS, TrackedExecutor
from bot.settings import Settings
from bot.slack_http import KeepAliveWebClient
from messages import Renderer
from store.db import make_engine, make_session_factory

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class BotApp:
    bolt: App
    deps: Deps
    executor: TrackedExecutor

    def wsgi(self) -> Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]:
        slack = SlackRequestHandler(self.bolt, path=EVENTS_PATH)

        def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            if environ.get("PATH_INFO") == "/healthz":
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"ok"]
            return slack(environ, start_response)

        return application

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
) -> BotApp:
    client = slack_client or KeepAliveWebClient(
        token=settings.slack_bot_token, base_url=settings.slack_api_url
    )
    executor = TrackedExecutor()
    catalog = catalog or load_catalog(settings.catalog_path)
    deps = Deps(
        settings=settings,
        catalog=catalog,
        sessions=session_factory
        or make_session_factory(make_engine(settings.database_url, pool_size=LISTENER_THREADS)),
        client=client,
        render=Renderer(ids=ids.as_dict(), draft=catalog.is_draft),
        clock=clock,
    )
    bolt = App(
        client=client,
        signing_secret=settings.slack_signing_secret or None,
        request_verification_enabled=bool(settings.slack_signing_secret),
        token_verification_enabled=False,  # auth.test runs lazily on the first request instead
        listener_executor=executor,
        logger=logging.getLogger("bot.bolt"),
        raise_error_for_unhandled_request=False,
    )
    handlers.register(bolt, deps)
    return BotApp(bolt=bolt, deps=deps, executor=executor)
