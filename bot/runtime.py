"""The listener thread pool, which can say when every piece of after-ack work has finished."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
# Bolt runs the after-ack work of a process on this many threads; its database pool matches.
LISTENER_THREADS = 16


class TrackedExecutor(ThreadPoolExecutor):
    """Bolt runs listeners here after the ack; tests and shutdown wait on `wait_idle`."""

    def __init__(self, max_workers: int = LISTENER_THREADS) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._pending += 1
        # The listener runs in the submitting request's context (its log fields, bot.logs).
        context = contextvars.copy_context()

        def in_context() -> T:
            return context.run(fn, *args, **kwargs)

        future = super().submit(in_context)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        with self._idle:
            if not self._idle.wait_for(lambda: self._pending == 0, timeout=timeout):
                raise TimeoutError(
                    f"{self._pending} listener task(s) still running after {timeout}s"
                )
