"""Run the bot: over HTTP under gunicorn (`serve`) or over Socket Mode (`socket`)."""

from __future__ import annotations

import logging
from argparse import Namespace

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import EVENTS_PATH, BotApp, create_app
from bot.catalog import Catalog, load_catalog
from bot.cli.base import Subparsers, port_number, require_settings, setup_logging
from bot.cli.slack import check_token, web_client
from bot.cli.store import open_engine
from bot.handlers.walk.question_blocks import warm
from bot.runtime import WORK_SLOTS
from bot.serving import ServeOptions, WsgiApp, serve, worker_count
from bot.settings import Settings
from bot.shifted_clock import clock_for
from store.db import make_engine, make_session_factory
from store.migrate import upgrade

log = logging.getLogger(__name__)


def register(sub: Subparsers, default_port: str) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the bot over HTTP (POST /slack/events, GET /healthz)",
        description="Migrate the database, check the bot token with Slack, then serve "
        f"{EVENTS_PATH} for commands, interactions and events under gunicorn: "
        "WEB_CONCURRENCY worker processes (default: one per core), WEB_THREADS threads each.",
    )
    serve.add_argument(
        "--port", type=port_number, default=default_port, help="default: $PORT, else 3000"
    )
    serve.add_argument(
        "--host",
        default="0.0.0.0",  # noqa: S104 - a platform router in front reaches the dyno this way
        help="interface to listen on (default: 0.0.0.0; use 127.0.0.1 behind a local proxy)",
    )
    serve.set_defaults(func=run_serve)
    socket = sub.add_parser(
        "socket",
        help="run the bot over Socket Mode (no public URL needed; needs SLACK_APP_TOKEN)",
        description="Connect to Slack over Socket Mode instead of serving HTTP.",
    )
    socket.set_defaults(func=run_socket)


def run_serve(args: Namespace, settings: Settings) -> int:
    require_settings(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"], settings)
    catalog = prepare(settings)
    workers = worker_count(settings.web_concurrency)
    running: list[BotApp] = []

    def load() -> WsgiApp:  # in each worker, after the fork
        app = build(settings, catalog)
        running.append(app)
        return app.wsgi()

    def on_exit() -> None:  # finish the after-ack work in hand before the worker goes
        for app in running:
            app.close()

    log.info(
        "Serving http://%s:%s%s with %d worker(s) x %d thread(s)",
        args.host,
        args.port,
        EVENTS_PATH,
        workers,
        settings.web_threads,
    )
    options = ServeOptions(args.host, args.port, workers, settings.web_threads)
    serve(load, options, on_worker_exit=on_exit)
    return 0


def run_socket(_args: Namespace, settings: Settings) -> int:
    require_settings(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"], settings)
    app = build(settings, prepare(settings))
    SocketModeHandler(app.bolt, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
    return 0


def prepare(settings: Settings) -> Catalog:
    """Everything before the first request, once, cheapest check first: the catalog,
    migrations, the token check. A broken catalog stops here, before the database is touched."""
    setup_logging(settings.log_format)
    catalog = load_catalog(settings.catalog_path)
    engine = open_engine(settings)
    try:
        upgrade(engine)
    finally:
        engine.dispose()  # workers open their own connections after the fork
    check_token(web_client(settings), settings)
    return catalog


def build(settings: Settings, catalog: Catalog) -> BotApp:
    """The app of one process: its own engine, pool and Slack client."""
    engine = make_engine(settings.database_url, pool_size=WORK_SLOTS)
    app = create_app(
        settings,
        slack_client=web_client(settings),
        session_factory=make_session_factory(engine, forget_key=settings.forget_secret),
        catalog=catalog,
        clock=clock_for(settings),
    )
    warm(app.deps.render, catalog)
    return app
