"""One running sandbox: the stand-in for Slack, the unchanged bot behind its HTTP endpoint,
the clock, and the demo database — kept across restarts, and started over on request."""

from __future__ import annotations

import json
import os
import secrets
import threading
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.app import BotApp, create_app
from bot.deps import Deps
from bot.settings import Settings
from sandbox import demo
from sandbox.clock import SandboxClock
from sandbox.driver import SlackDriver
from sandbox.server import Background, serve_in_background
from sandbox.slack import FakeSlack
from sandbox.ticker import Ticker

SAVE_EVERY_S = 0.2


def state_path_for(database_url: str) -> Path:
    """The stand-in's saved workspace lives beside a SQLite database, else in this folder."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database)).with_suffix(".slack.json")
    return Path("sandbox.slack.json")


class Sandbox:
    def __init__(
        self,
        database_url: str,
        *,
        state_path: Path | None = None,
        start_at: datetime | None = None,
    ) -> None:
        """`start_at` is the instant a new (or reset) sandbox's clock starts from."""
        self.database_url = database_url
        self.start_at = start_at
        self.state_path = state_path or state_path_for(database_url)
        self.fake = FakeSlack(wall_clock=self._timestamp)
        self.clock = SandboxClock()
        self.secret = secrets.token_hex(16)
        self._lock = threading.RLock()  # reset and restart never overlap a request
        self._dirty = threading.Event()
        self._stopping = threading.Event()
        self._saver: threading.Thread | None = None
        self.bot: BotApp | None = None
        self._server: Background | None = None
        self.driver: SlackDriver | None = None
        self.ticker = Ticker(self.clock, self.deps, self.zones)
        self.running = False

    def _timestamp(self) -> float:
        return self.clock.timestamp()

    def zones(self) -> set[str]:
        """The time zones of the workspace's people: where a 09:00 digest can fall."""
        return {u["tz"] for u in self.fake.directory()["users"] if not u["is_bot"] and u["tz"]}

    def deps(self) -> Deps:
        """The running bot's dependencies (its clock is the sandbox's)."""
        if self.bot is None:
            raise RuntimeError("the bot is not running")
        return self.bot.deps

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> Sandbox:
        self.fake.start("127.0.0.1", port)
        self._load()
        self.fake.on_change(self._dirty.set)
        self._saver = threading.Thread(target=self._save_loop, name="sandbox-save", daemon=True)
        self._saver.start()
        self._start_bot()
        self.ticker.start()
        self.running = True
        return self

    def stop(self) -> None:
        with self._lock:  # a reset in progress finishes first
            self.running = False
            self.ticker.stop()
            self._stop_bot()
            self._stopping.set()
        if self._saver is not None:
            self._saver.join(timeout=10)
        self.fake.on_change(None)
        self.save()
        self.fake.stop()

    @property
    def url(self) -> str:
        return self.fake.root_url

    def _start_bot(self) -> None:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            SLACK_BOT_TOKEN="xoxb-sandbox",  # noqa: S106 - the stand-in's token, not a secret
            SLACK_SIGNING_SECRET=self.secret,
            SLACK_API_URL=self.fake.base_url,
            DATABASE_URL=self.database_url,
            COMMITTEE_CHANNEL=demo.COMMITTEE_CHANNEL,
        )
        demo.prepare_database(self.database_url, self.clock.now())
        self.bot = create_app(settings, clock=self.clock.now)
        self._server = serve_in_background(self.bot.wsgi())
        self.driver = SlackDriver(self._server.url, self.secret, self.fake, self.bot.wait_idle)
        self.ticker.last = self.clock.now()

    def _stop_bot(self) -> None:
        if self.bot is not None and self._server is not None:
            self.bot.wait_idle()
            self._server.stop()
            self.bot.close()
        self.bot = self._server = self.driver = None

    def reset(self) -> None:
        """Start over: empty database, the demo workspace, the clock back to real time."""
        with self._lock:
            self._stop_bot()
            demo.wipe_database(self.database_url)
            self.fake.restore({})
            self._start_clock()
            demo.seed_workspace(self.fake)
            self._start_bot()
            self.ticker.start_over()
            self.save()

    def advance_to(self, when: datetime) -> list[str]:
        with self._lock:
            return self.ticker.advance_to(when)

    # ---- what lasts --------------------------------------------------------------------------

    def _load(self) -> None:
        if self.state_path.exists():
            saved = json.loads(self.state_path.read_text(encoding="utf-8"))
            self.clock.offset = float(saved.get("clock_offset", 0.0))
            self.fake.restore(saved["workspace"])
        else:
            self._start_clock()
            demo.seed_workspace(self.fake)

    def _start_clock(self) -> None:
        self.clock.offset = 0.0
        if self.start_at is not None:
            self.clock.offset = self.start_at.timestamp() - self.clock.timestamp()

    def save(self) -> None:
        """Written to a temporary file, then renamed: a crash never leaves half a workspace."""
        saved = {"clock_offset": self.clock.offset, "workspace": self.fake.saved()}
        partial = self.state_path.with_suffix(".tmp")
        partial.write_text(json.dumps(saved), encoding="utf-8")
        os.replace(partial, self.state_path)

    def _save_loop(self) -> None:
        while not self._stopping.is_set():
            if self._dirty.wait(timeout=SAVE_EVERY_S) and not self._stopping.is_set():
                self._dirty.clear()
                self.save()
                self._stopping.wait(SAVE_EVERY_S)
