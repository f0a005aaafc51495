"""One task runner: a callable runs on a thread pool, its outcome comes back on the UI thread.

    runner = TaskRunner()                        # API work; TaskRunner(max_threads=1) for devices
    task = runner.submit(fetch_order, order_id)  # fetch_order(order_id, token=CancelToken)?
    task.succeeded.connect(show_order)           # result, on the UI thread
    task.failed.connect(error_box.show_exception)
    busy.start("Loading…", task)                 # its Cancel calls task.cancel()

A callable that accepts a `token` keyword gets the task's CancelToken and may stop early by
raising `TaskCancelled` (or calling `token.raise_if_cancelled()`). Threads cannot be killed, so
cancelling is cooperative for the worker but immediate for the UI: `cancelled` is emitted at
once and whatever the worker returns later is dropped.

A cancellation the person made elsewhere (rejecting on the hardware wallet: the devices layer's
`UserCancelled`) is not an error to show either: the device runner is built with
`TaskRunner(max_threads=1, silent=(UserCancelled,))` and such exceptions arrive as `cancelled`.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal


class TaskCancelled(Exception):
    """Raised inside a worker to stop early; the UI sees `cancelled`, never an error."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise TaskCancelled

    def wait(self, seconds: float) -> bool:
        """Sleep that wakes up on cancel; True when cancelled."""
        return self._event.wait(seconds)


class Task(QObject):
    """The UI-thread handle of one submitted call. Exactly one of succeeded / failed / cancelled
    is emitted, then finished."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception, traceback attached
    cancelled = Signal()
    finished = Signal()
    _outcome = Signal(bool, object)  # from the worker thread; queued to this object's thread

    def __init__(self, name: str, silent: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self.name = name
        self._silent: tuple[type[BaseException], ...] = (TaskCancelled, *silent)
        self.token = CancelToken()
        self.done = False
        self._outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        if self.done:
            return
        self.token.cancel()
        self._finish(self.cancelled.emit)

    def _deliver(self, ok: bool, value: object) -> None:
        if self.done:  # cancelled meanwhile: the late outcome is dropped
            return
        if ok:
            self._finish(lambda: self.succeeded.emit(value))
        elif isinstance(value, self._silent):
            self.token.cancel()
            self._finish(self.cancelled.emit)
        else:
            self._finish(lambda: self.failed.emit(value))

    def _finish(self, emit: Callable[[], None]) -> None:
        self.done = True
        emit()
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, call: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._call = call

    def run(self) -> None:
        if self._task.token.cancelled:
            return
        try:
            result = self._call()
        except BaseException as exc:  # delivered to the UI, never swallowed
            self._task._outcome.emit(False, exc)
        else:
            self._task._outcome.emit(True, result)


class TaskRunner(QObject):
    """Owns a thread pool and the tasks in flight (so none is garbage-collected mid-flight)."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None, *,
                 silent: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__(parent)
        self._silent = silent
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: set[Task] = set()

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any) -> Task:
        task = Task(name or getattr(fn, "__name__", "task"), self._silent)
        if _accepts_token(fn):
            kwargs["token"] = task.token
        self._tasks.add(task)
        task.finished.connect(lambda: self._tasks.discard(task))
        self._pool.start(_Runnable(task, lambda: fn(*args, **kwargs)))
        return task

    def active(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """For shutdown and tests only: blocks until the workers have returned."""
        return bool(self._pool.waitForDone(msecs))


def _accepts_token(fn: Callable[..., Any]) -> bool:
    try:
        return "token" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
