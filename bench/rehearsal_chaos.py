"""Faults injected while people work, one every few clicks in turn, each counted: a web worker
SIGKILLed while a click's chat.update from its server is held at the stand-in, a clock
SIGKILLed in the middle of a dispatch (while its chat.postMessage is held), the database's
connections terminated (pg_terminate_backend), a rate-limit storm, a call that hangs past the
client's timeout. The 500s and 429s on a share of calls run all along (FaultyStandIn).

Faults follow the people's progress, not the wall clock: a fault every few seconds makes a slow
run slower still (each fault stalls someone), until faults outnumber clicks."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine, text

from bench.rehearsal_deploy import Deployment
from bench.rehearsal_faults import FaultyStandIn

TERMINATE = text(
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE application_name = :name AND pid <> pg_backend_pid()"
)
CONNECTIONS = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")


class Chaos:
    def __init__(
        self,
        fake: FaultyStandIn,
        deploy: Deployment,
        admin: Engine,
        app_name: str,
        *,
        every: int,
        hang_seconds: float,
        storm_calls: int = 12,
        progress: Callable[[], int],
    ) -> None:
        self.fake, self.deploy, self.admin, self.app_name = fake, deploy, admin, app_name
        self.every, self.hang_seconds, self.storm_calls = every, hang_seconds, storm_calls
        self.progress = progress  # clicks so far
        self.peak_connections = 0
        self._turn = 0
        self._active = threading.Event()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._inject, daemon=True),
            threading.Thread(target=self._count_connections, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def during(self, active: bool) -> None:
        (self._active.set if active else self._active.clear)()

    def stop(self) -> None:
        self._stop.set()

    def _inject(self) -> None:
        faults = [self._kill_web, self._kill_clock, self._terminate, self._storm, self._hang]
        last = 0
        while not self._stop.wait(0.1):
            if self._active.is_set() and self.progress() - last >= self.every:
                last = self.progress()
                faults[self._turn % len(faults)]()
                self._turn += 1

    def _kill_web(self) -> None:
        def hook(method: str, token: str | None) -> bool:
            if method != "chat.update" or not (token or "").startswith("xoxb-web-"):
                return False
            if self.deploy.kill_web_worker(int(str(token).rsplit("-", 1)[1])):
                self.fake.faults["sigkill_web_worker_during_a_click"] += 1
            return True

        if not self.fake.armed():
            self.fake.arm(hook)

    def _kill_clock(self) -> None:
        def hook(method: str, token: str | None) -> bool:
            if method != "chat.postMessage" or not (token or "").startswith("xoxb-clock-"):
                return False
            self.deploy.kill_clock(int(str(token).rsplit("-", 1)[1]))
            self.fake.faults["sigkill_clock_mid_dispatch"] += 1
            return True

        if not self.fake.armed():
            self.fake.arm(hook)

    def _terminate(self) -> None:
        with self.admin.connect() as conn:
            ended = int(conn.execute(TERMINATE, {"name": self.app_name}).scalar() or 0)
            conn.commit()
        self.fake.faults["pg_terminate_backend"] += 1
        self.fake.faults["pg_connections_terminated"] += ended

    def _storm(self) -> None:
        self.fake.storm(self.storm_calls)

    def _hang(self) -> None:
        self.fake.hang_once(self.hang_seconds)

    def _count_connections(self) -> None:
        while not self._stop.wait(0.5):
            try:
                with self.admin.connect() as conn:
                    n = int(conn.execute(CONNECTIONS, {"name": self.app_name}).scalar() or 0)
            except Exception:  # noqa: S112 - a sample missed is not a finding
                continue
            self.peak_connections = max(self.peak_connections, n)
