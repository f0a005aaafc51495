"""The one thread that talks to hardware wallets.

HWI is not thread-safe and a device answers one request at a time, so every HWI call (listing
devices included) runs here, in order. Callers wait with a timeout: HWI's own UDP transport
retries a silent socket forever and a USB read can block, so a timeout first aborts the call
(closing its transport, which makes HWI's read fail) and, if the worker still does not come
back, leaves it behind and starts a fresh worker. A device that hangs never hangs the app.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from pocketgui.devices.errors import DeviceTimeout

T = TypeVar("T")
_Job = tuple[Callable[[], object], "Future[object]"]
GRACE = 2.0  # seconds a call gets to unwind after its transport was closed


class DeviceExecutor:
    def __init__(self, name: str = "pocketgui-devices") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._worker = self._spawn(self._queue)
        self._closed = False

    def run(
        self,
        func: Callable[[], T],
        timeout: float,
        abort: Callable[[], None] | None = None,
    ) -> T:
        """Run `func` on the device thread and return its result (or raise its exception).

        After `timeout` seconds `abort` is called (from this thread) to break the call, and
        DeviceTimeout is raised.
        """
        if threading.current_thread() is self._worker:
            return func()  # already on the device thread (a nested call): run inline
        future: Future[object] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the device executor is shut down")
            self._queue.put((func, future))
        try:
            return future.result(timeout)  # type: ignore[return-value]
        except FutureTimeout:
            pass
        if not future.cancel():  # already running: break it
            if abort is not None:
                try:
                    abort()
                except Exception:
                    pass
            try:
                future.exception(GRACE)
            except FutureTimeout:
                self._replace_worker()
        raise DeviceTimeout(f"no answer within {timeout:g} s")

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            self._queue.put(None)

    def _spawn(self, jobs: queue.SimpleQueue[_Job | None]) -> threading.Thread:
        worker = threading.Thread(target=self._work, args=(jobs,), name=self._name, daemon=True)
        worker.start()
        return worker

    def _replace_worker(self) -> None:
        """The worker is stuck inside a call: give its queue's other jobs to a new worker."""
        with self._lock:
            stuck, self._queue = self._queue, queue.SimpleQueue()
            while True:
                try:
                    job = stuck.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    self._queue.put(job)
            stuck.put(None)  # the stuck worker exits whenever its call returns
            self._worker = self._spawn(self._queue)

    @staticmethod
    def _work(jobs: queue.SimpleQueue[_Job | None]) -> None:
        while True:
            job = jobs.get()
            if job is None:
                return
            func, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(func())
            except BaseException as exc:
                future.set_exception(exc)
