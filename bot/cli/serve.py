"""Run the bot: over HTTP under waitress (`serve`) or over Socket Mode (`socket`)."""

from __future__ import annotations

import logging
from argparse import Namespace

import waitress
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import EVENTS_PATH, BotApp, create_app
from bot.catalog import load_catalog
from bot.cli.base import Subparsers, port_number, require_settings, setup_logging
from bot.cli.slack import check_token, web_client
from bot.cli.store import open_engine
from bot.settings import Settings
from store.db import make_session_factory
from store.migrate import upgrade

log = logging.getLogger(__name__)


def register(sub: Subparsers, default_port: str) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the bot over HTTP (POST /slack/events, GET /healthz)",
        description="Migrate the database, check the bot token with Slack, then serve "
        f"{EVENTS_PATH} for commands, interactions and events under waitress.",
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
    app = start(settings)
    log.info("Serving http://%s:%s%s", args.host, args.port, EVENTS_PATH)
    waitress.serve(app.wsgi(), host=args.host, port=args.port, threads=16)
    return 0


def run_socket(_args: Namespace, settings: Settings) -> int:
    require_settings(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"], settings)
    app = start(settings)
    SocketModeHandler(app.bolt, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
    return 0


def start(settings: Settings) -> BotApp:
    """Everything before the first request, cheapest check first: the catalog, migrations,
    the token check, the app. A broken catalog stops here, before the database is touched."""
    setup_logging(settings.log_format)
    catalog = load_catalog(settings.catalog_path)
    engine = open_engine(settings)
    upgrade(engine)
    client = web_client(settings)
    check_token(client, settings)
    sessions = make_session_factory(engine)
    return create_app(settings, slack_client=client, session_factory=sessions, catalog=catalog)
