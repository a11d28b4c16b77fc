"""The listener thread pool, which can say when every piece of after-ack work has finished, and
the work slots that bound how many listeners do their after-ack work at once.

Bolt runs each listener, `ack()` included, on this pool and answers Slack only once `ack()` was
called; a request whose listener waits for a free thread waits for its HTTP reply too, and after
3 s Bolt answers 404. So the pool is wide and the work is narrow: a listener takes a work slot
only after it has acknowledged, and the slots (not the pool) match the database connections."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
# Threads that run listeners (mostly waiting: for a slot, for Slack, for the database).
LISTENER_THREADS = 64
# Listeners doing their after-ack work at once; the database pool holds as many connections.
WORK_SLOTS = 16


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


class WorkSlots:
    """At most `size` listeners past their ack at once; the others wait here, already acked."""

    def __init__(self, size: int = WORK_SLOTS) -> None:
        self._slots = threading.BoundedSemaphore(size)

    def take(self) -> None:
        self._slots.acquire()

    def give_back(self) -> None:
        self._slots.release()
