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
import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


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

    def __init__(self, name: str, silent: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self.name = name
        self._silent: tuple[type[BaseException], ...] = (TaskCancelled, *silent)
        self.token = CancelToken()
        self.done = False

    def cancel(self) -> None:
        if self.done:
            return
        self.token.cancel()
        self._finish(self.cancelled.emit)

    def abandon(self) -> None:
        """Its runner (and the page that listened) is gone: stop the worker where it can, and
        tell no one — a late outcome would call into deleted widgets."""
        self.token.cancel()
        self.done = True

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


class _Hub(QObject):
    """Brings every worker's outcome to the UI thread, and holds each Task until then.

    It lives on the UI thread and is never deleted, so a worker that returns late (a device
    call that ends only when the device gives up) always has somewhere to report to. Workers
    hold only a number, never the Task nor the call: the last reference to a Task — a QObject
    of the UI thread — and to the call (often a bound method of a view, which may have been
    closed meanwhile) must drop on the UI thread. Dropped by a worker thread, a QObject was
    deleted there while an event for it was queued, and the event loop then crashed.
    """

    outcome = Signal(int, bool, object)  # key, ok, value (None with ok=None: never ran)

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, tuple[Task, Callable[[], Any]]] = {}
        self._keys = itertools.count(1)
        self.outcome.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def hold(self, task: Task, call: Callable[[], Any]) -> int:
        key = next(self._keys)
        self.pending[key] = (task, call)
        return key

    def call_of(self, key: int) -> Callable[[], Any]:
        """For the worker: the call it runs, still held here until its outcome is delivered."""
        return self.pending[key][1]

    def _deliver(self, key: int, ok: bool, value: object) -> None:
        task, _call = self.pending.pop(key, (None, None))
        if task is not None and value is not _SKIPPED:
            task._deliver(ok, value)


_SKIPPED = object()  # the task was cancelled before its worker began
_hub: _Hub | None = None


def _the_hub() -> _Hub:
    global _hub
    if _hub is None:  # first made by a TaskRunner, on the UI thread
        _hub = _Hub()
    return _hub


class _Workers:
    """Daemon threads that run submitted jobs, at most `max_threads` at once.

    Python threads rather than a QThreadPool owned by the runner: a QThreadPool waits for its
    running jobs when it is deleted, so a view closed during a device call froze the UI thread
    until the device answered; and daemon threads never hold up the app's exit. A thread idle
    for IDLE_EXIT seconds ends; a new one starts when work comes.
    """

    IDLE_EXIT = 30.0

    def __init__(self, max_threads: int, name: str) -> None:
        self._max = max(1, max_threads)
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._threads = 0
        self._waiting = 0  # threads blocked for a job
        self._queued = 0  # jobs no thread has taken yet
        self._unfinished = 0

    def start(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._unfinished += 1
            self._queued += 1
            self._jobs.put(job)
            if self._queued > self._waiting and self._threads < self._max:
                self._threads += 1
                threading.Thread(target=self._work, name=self._name, daemon=True).start()

    def _work(self) -> None:
        while True:
            with self._lock:
                self._waiting += 1
            try:
                job = self._jobs.get(timeout=self.IDLE_EXIT)
            except queue.Empty:
                with self._lock:
                    self._waiting -= 1
                    if self._queued == 0:
                        self._threads -= 1
                        return
                continue
            with self._lock:
                self._waiting -= 1
                self._queued -= 1
            try:
                job()
            finally:
                del job
                with self._lock:
                    self._unfinished -= 1
                    self._lock.notify_all()

    def wait_for_done(self, msecs: int) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: self._unfinished == 0,
                                       None if msecs < 0 else msecs / 1000)


def _job(hub: _Hub, key: int, token: CancelToken) -> Callable[[], None]:
    def run() -> None:
        if token.cancelled:
            hub.outcome.emit(key, False, _SKIPPED)
            return
        try:
            result = hub.call_of(key)()
        except BaseException as exc:  # delivered to the UI, never swallowed
            hub.outcome.emit(key, False, exc)
        else:  # the queued outcome holds the result: its last reference drops on the UI thread
            hub.outcome.emit(key, True, result)
    return run


class TaskRunner(QObject):
    """Runs calls on its worker threads and keeps the tasks in flight (so none is
    garbage-collected mid-flight)."""

    def __init__(self, max_threads: int = 4, parent: QObject | None = None, *,
                 silent: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__(parent)
        self._silent = silent
        self._hub = _the_hub()
        self._workers = _Workers(max_threads, "pocketgui-task")
        self._tasks: set[Task] = set()
        tasks = self._tasks  # not `self`: the slot runs while the runner is being destroyed
        self.destroyed.connect(lambda: _abandon_all(tasks))

    def submit(self, fn: Callable[..., Any], *args: Any, name: str = "", **kwargs: Any) -> Task:
        task = Task(name or getattr(fn, "__name__", "task"), self._silent)
        if _accepts_token(fn):
            kwargs["token"] = task.token
        self._tasks.add(task)
        task.finished.connect(lambda: self._tasks.discard(task))
        key = self._hub.hold(task, lambda: fn(*args, **kwargs))
        self._workers.start(_job(self._hub, key, task.token))
        return task

    def active(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """For shutdown and tests only: blocks until the workers have returned."""
        return self._workers.wait_for_done(msecs)


def _abandon_all(tasks: set[Task]) -> None:
    for task in list(tasks):
        task.abandon()


def _accepts_token(fn: Callable[..., Any]) -> bool:
    try:
        return "token" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
