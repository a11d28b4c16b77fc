"""The production HTTP server: gunicorn's processes, one per core by default, each reading its
requests with waitress's event loop before a thread handles them (`bot/buffering.py`), so slow
or oversized requests cost a connection, never a thread.

Each worker builds its own app after the fork (no preload), so no database connection or HTTP
connection is ever shared between processes. The modules, though, are imported by the master
(it prepares before serving), so the workers share their pages instead of loading them again:
measured, that leaves less memory in use than a master that imports nothing (bench/memory.py,
bench/RESULTS.md "Memory"). The bench runs its minimal app through the same function, so both
are measured under the same server with the same settings.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

from bot.buffering import BufferingWorker

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int  # 0: one per core this process may run on
    threads: int
    name: str = "assessbot-web"


def cores() -> int:
    """Cores this process may use (a container's CPU set, not the whole host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(requested: int) -> int:
    return requested if requested > 0 else cores()


def serve(
    load: Callable[[], WsgiApp],
    options: ServeOptions,
    *,
    on_worker_exit: Callable[[], None] | None = None,
) -> None:
    """Run gunicorn in the foreground until SIGTERM/SIGINT; `load` runs once in each worker."""
    host = f"[{options.host}]" if ":" in options.host else options.host
    settings: dict[str, Any] = {
        "bind": f"{host}:{options.port}",
        "workers": worker_count(options.workers),
        "worker_class": BufferingWorker,
        "threads": options.threads,
        "proc_name": options.name,
        # The worker's event loop reports every second; silent for 30 s, the process is stuck.
        "timeout": 30,
        # Stopping, a worker answers the requests it has read for up to 10 s.
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    # The objects the master holds before a fork stay out of the workers' cycle collections:
    # a full collection writes to every object it scans, which would copy each shared page.
    settings["pre_fork"] = lambda _server, _worker: gc.freeze()
    if on_worker_exit is not None:
        hook = on_worker_exit
        settings["worker_exit"] = lambda _server, _worker: hook()
    _Gunicorn(load, settings).run()


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, load: Callable[[], WsgiApp], settings: dict[str, Any]) -> None:
        self._load = load
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._settings.items():
            self.cfg.set(key, value)

    def load(self) -> WsgiApp:
        return self._load()
