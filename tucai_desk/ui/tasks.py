# SPDX-License-Identifier: MIT
"""The one way to leave the GUI thread: :class:`TaskRunner`.

Every service call of the UI goes through :meth:`TaskRunner.submit`. ``fn`` runs on an executor
and must never touch a widget (it runs on a worker thread); its result, or its exception, comes
back on the GUI thread through a queued signal and is handed to ``on_ok`` / ``on_err`` there.

Two executors, as in Anki and Picard: ``io`` for HTTP, image decoding and other work that may run
in parallel, and ``db`` with a single worker so that database use cases are serialised (SQLite
writes never race, and a use case sees the effects of the ones submitted before it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from tucai_desk.thread_priority import lower_current_thread

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[BaseException], None]


class ImmediateExecutor(Executor):
    """Runs each job at once on the calling thread (tests: deterministic, no threads)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        fut: Future[T] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to on_err, like a worker thread's exception
            fut.set_exception(exc)
        return fut


def log_error(exc: BaseException) -> None:
    """The last-resort error handler: log it (the window's handler also tells the user)."""
    log.error("background task failed", exc_info=(type(exc), exc, exc.__traceback__))


_default_error_handler: list[ErrorHandler] = [log_error]


def set_default_error_handler(handler: ErrorHandler) -> None:
    """The main window installs a handler that shows a message; tests keep the logging one."""
    _default_error_handler[0] = handler


def _finish(fut: Future[Any], on_ok: Callable[[Any], None], on_err: ErrorHandler | None) -> None:
    """Runs on the GUI thread: hand the outcome of ``fut`` to the right callback."""
    exc = fut.exception()
    if exc is not None:
        (on_err or _default_error_handler[0])(exc)
    else:
        on_ok(fut.result())


class TaskRunner(QObject):
    """Created on, and living on, the GUI thread. See the module docstring."""

    _done = Signal(object)  # carries a zero-argument closure

    def __init__(self, io: Executor, db: Executor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._io = io
        self._db = db
        self._lock = threading.Lock()
        self._pending: set[Future[Any]] = set()
        self._closed = False
        # A bound slot: emitted from a worker thread, the closure is queued onto this object's
        # (the GUI) thread; emitted from the GUI thread (ImmediateExecutor) it runs at once.
        self._done.connect(self._run_on_gui)

    @classmethod
    def create(cls, parent: QObject | None = None) -> TaskRunner:
        """The production runner: two io workers, one database worker."""
        # Workers run below the GUI thread's priority, so the window paints first.
        io = ThreadPoolExecutor(2, "tucai-io", initializer=lower_current_thread)
        db = ThreadPoolExecutor(1, "tucai-db", initializer=lower_current_thread)
        return cls(io, db, parent)

    @classmethod
    def immediate(cls, parent: QObject | None = None) -> TaskRunner:
        """A runner whose jobs run inline (tests)."""
        return cls(ImmediateExecutor(), ImmediateExecutor(), parent)

    def submit(
        self,
        fn: Callable[[], T],
        *,
        on_ok: Callable[[T], None],
        on_err: ErrorHandler | None = None,
        uses_db: bool = False,
    ) -> Future[T]:
        """Run ``fn`` off the GUI thread, then ``on_ok(result)`` or ``on_err(exc)`` on the GUI one.

        ``fn`` must not touch widgets. ``uses_db`` selects the single database worker.
        """
        if self._closed:
            raise RuntimeError("task runner is shut down")
        fut = (self._db if uses_db else self._io).submit(fn)
        with self._lock:
            self._pending.add(fut)
        fut.add_done_callback(partial(self._deliver, on_ok=on_ok, on_err=on_err))
        return fut

    def pending(self) -> int:
        """How many submitted jobs have not yet been delivered to their callbacks."""
        with self._lock:
            return len(self._pending)

    def _deliver(
        self, fut: Future[Any], *, on_ok: Callable[[Any], None], on_err: ErrorHandler | None
    ) -> None:
        """Runs on the worker thread that finished ``fut``: queue the callbacks to the GUI."""
        closure = partial(self._complete, fut, on_ok, on_err)
        try:
            self._done.emit(closure)
        except RuntimeError:
            # The runner was deleted with the window while this job ran: nobody is left to tell.
            log.debug("task finished after the runner was deleted")

    def _complete(
        self, fut: Future[Any], on_ok: Callable[[Any], None], on_err: ErrorHandler | None
    ) -> None:
        with self._lock:
            self._pending.discard(fut)
        if self._closed:
            return
        _finish(fut, on_ok, on_err)

    @Slot(object)
    def _run_on_gui(self, closure: Callable[[], None]) -> None:
        closure()

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop accepting work, wait for running jobs and drop their callbacks (window closing)."""
        self._closed = True
        for executor in (self._io, self._db):
            executor.shutdown(wait=wait, cancel_futures=True)
        with self._lock:
            self._pending.clear()
