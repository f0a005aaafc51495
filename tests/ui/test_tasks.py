from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.ui.tasks import CancelToken, TaskCancelled, TaskRunner

UI_THREAD = threading.get_ident()


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.cancel_all()
    runner.wait_for_done(5000)


def test_result_is_delivered_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: dict[str, int] = {}

    def work(a: int, b: int) -> int:
        seen["worker"] = threading.get_ident()
        return a + b

    task = runner.submit(work, 2, b=3)
    task.succeeded.connect(lambda _: seen.setdefault("delivered", threading.get_ident()))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        pass
    assert blocker.args == [5]
    assert seen["worker"] != UI_THREAD and seen["delivered"] == UI_THREAD
    assert task.done and runner.active() == 0


def test_error_is_delivered_as_error(qtbot: QtBot, runner: TaskRunner) -> None:
    def fail() -> None:
        raise LookupError("no such order")

    task = runner.submit(fail)
    succeeded: list[object] = []
    failed: list[BaseException] = []
    task.succeeded.connect(succeeded.append)
    task.failed.connect(failed.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    [error] = failed
    assert isinstance(error, LookupError) and str(error) == "no such order"
    assert error.__traceback__ is not None and not succeeded


def test_cancel_is_immediate_for_the_ui_and_drops_the_late_result(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    started = threading.Event()
    stopped = threading.Event()

    def slow(token: CancelToken) -> str:
        started.set()
        token.wait(10)  # wakes up on cancel
        stopped.set()
        return "too late"

    task = runner.submit(slow)
    assert started.wait(5)
    late: list[object] = []
    task.succeeded.connect(late.append)
    with qtbot.waitSignals([task.cancelled, task.finished], timeout=1000):
        task.cancel()  # emitted synchronously: the UI does not wait for the worker
    assert task.token.cancelled and stopped.wait(5)
    qtbot.wait(50)  # the worker's outcome arrives and is dropped
    assert late == []


def test_the_ui_thread_never_waits(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=1)  # the device executor: one call at a time
    begun = time.perf_counter()
    tasks = [runner.submit(time.sleep, 0.2) for _ in range(2)]
    assert time.perf_counter() - begun < 0.1
    with qtbot.waitSignals([t.finished for t in tasks], timeout=5000):
        pass
    assert time.perf_counter() - begun >= 0.4  # serialized


class Rejected(Exception):
    """Stands in for the devices layer's UserCancelled."""


@pytest.mark.parametrize(
    ("raised", "silent"),
    [(TaskCancelled, ()), (Rejected, (Rejected,))],
    ids=["worker-stops-itself", "person-rejected-on-device"],
)
def test_cancellations_are_silent(
    qtbot: QtBot, raised: type[Exception], silent: tuple[type[Exception], ...]
) -> None:
    runner = TaskRunner(max_threads=1, silent=silent)

    def give_up() -> None:
        raise raised

    task = runner.submit(give_up)
    failed: list[object] = []
    task.failed.connect(failed.append)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
    assert failed == []
    runner.wait_for_done(5000)


def test_closing_a_view_mid_call_neither_waits_for_the_worker_nor_crashes_later(
        qtbot: QtBot) -> None:
    """A device call can outlive the page that made it (the device answers when the person
    acts). Deleting the page's runner returns at once, and the worker's late outcome, arriving
    after the Task was cancelled and let go, is dropped on the UI thread."""
    from PySide6.QtCore import QObject

    page = QObject()
    runner = TaskRunner(max_threads=1, parent=page)
    release = threading.Event()
    task = runner.submit(lambda: release.wait(10) and "late")
    task.cancel()
    late: list[object] = []
    task.succeeded.connect(late.append)
    del task

    def fail_late() -> None:
        release.wait(10)
        raise TimeoutError("the device answered at last")

    running = runner.submit(fail_late)  # not cancelled: the page just went away
    running.failed.connect(late.append)  # in the app: a closure over the page's widgets
    del running
    begun = time.perf_counter()
    page.deleteLater()
    qtbot.wait(20)  # the deferred delete runs
    assert time.perf_counter() - begun < 0.5
    release.set()
    qtbot.wait(100)  # the outcomes arrive for tasks nobody holds, of a runner that is gone
    assert late == []


def test_a_stuck_call_does_not_hold_up_the_runners_other_work(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=2)
    release = threading.Event()
    stuck = runner.submit(release.wait, 10)
    with qtbot.waitSignal(runner.submit(lambda: 1).succeeded, timeout=2000):
        pass
    with qtbot.waitSignal(runner.submit(lambda: 2).succeeded, timeout=2000):
        pass  # a thread that finished its job takes the next, beside the stuck one
    release.set()
    with qtbot.waitSignal(stuck.finished, timeout=2000):
        pass


def test_a_view_closed_while_its_call_runs_dies_on_the_ui_thread(qtbot: QtBot,
                                                                 runner: TaskRunner) -> None:
    from PySide6.QtCore import QObject

    died_on: list[str] = []
    release = threading.Event()

    class View(QObject):
        def slow(self) -> int:
            release.wait(5)
            return 1

    view = View()  # no parent: Python owns it, as a closed dialog's view
    view.destroyed.connect(lambda: died_on.append(threading.current_thread().name))
    task = runner.submit(view.slow)
    del view  # the person closed it: only the running call still refers to it
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    qtbot.waitUntil(lambda: died_on != [], timeout=5000)
    assert died_on == [threading.current_thread().name]
