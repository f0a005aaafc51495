"""The device thread: one at a time, timeouts that abort, a stuck call never blocks the next."""

from __future__ import annotations

import threading
import time

import pytest

from pocketgui.devices.errors import DeviceTimeout
from pocketgui.devices.executor import DeviceExecutor


@pytest.fixture
def executor():  # type: ignore[no-untyped-def]
    ex = DeviceExecutor()
    yield ex
    ex.shutdown()


def test_runs_off_the_callers_thread_in_order(executor: DeviceExecutor) -> None:
    seen: list[str] = []
    caller = threading.current_thread()
    threads = {executor.run(lambda: threading.current_thread(), 5) for _ in range(3)}
    assert caller not in threads and len(threads) == 1

    def job(n: int) -> int:
        seen.append(f"start{n}")
        time.sleep(0.05)
        seen.append(f"end{n}")
        return n

    results: list[int] = []
    workers = [
        threading.Thread(target=lambda n=n: results.append(executor.run(lambda: job(n), 5)))
        for n in range(3)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(results) == [0, 1, 2]
    assert all(
        seen[i].startswith("start") and seen[i + 1].startswith("end") for i in range(0, 6, 2)
    )


def test_exceptions_come_back_to_the_caller(executor: DeviceExecutor) -> None:
    with pytest.raises(ZeroDivisionError):
        executor.run(lambda: 1 / 0, 5)


def test_timeout_aborts_the_call(executor: DeviceExecutor) -> None:
    release = threading.Event()
    aborted: list[bool] = []

    def abort() -> None:
        aborted.append(True)
        release.set()

    started = time.monotonic()
    with pytest.raises(DeviceTimeout):
        executor.run(lambda: release.wait(30), 0.2, abort=abort)
    assert aborted == [True] and time.monotonic() - started < 1
    assert executor.run(lambda: "next", 1) == "next"


@pytest.mark.slow
def test_a_stuck_call_is_left_behind(executor: DeviceExecutor) -> None:
    forever = threading.Event()
    with pytest.raises(DeviceTimeout):
        executor.run(lambda: forever.wait(60), 0.1)  # no abort can break this one
    started = time.monotonic()
    assert executor.run(lambda: "fresh worker", 5) == "fresh worker"
    assert time.monotonic() - started < 1
    forever.set()


def test_nested_calls_run_inline(executor: DeviceExecutor) -> None:
    assert executor.run(lambda: executor.run(lambda: 42, 1), 1) == 42
