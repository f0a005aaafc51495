"""Cycles are collected on the UI thread only, by CPython's own thresholds."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pocketgui.ui.ui_thread_gc import UiThreadGarbageCollector, collect_on_ui_thread


def test_the_tests_application_collects_on_its_ui_thread(qapp: QApplication) -> None:
    collector = qapp.findChild(UiThreadGarbageCollector)
    assert collector is not None and collector.timer.isActive()
    assert not gc.isenabled()  # no worker thread starts a collection
    assert collect_on_ui_thread(qapp) is collector  # one per application


def test_a_qt_cycle_dropped_on_a_worker_dies_on_the_ui_thread(qtbot: QtBot,
                                                              qapp: QApplication) -> None:
    died_on: list[str] = []

    class Cyclic(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.me = self  # a cycle: only the collector frees it
            self.destroyed.connect(lambda: died_on.append(threading.current_thread().name))

    holder = [Cyclic()]

    def drop_and_allocate() -> None:
        holder.clear()
        junk = [[] for _ in range(5000)]  # far past generation 0's threshold
        del junk

    worker = threading.Thread(target=drop_and_allocate, name="worker")
    worker.start()
    worker.join()
    assert died_on == []  # the worker's allocations started no collection
    collector = qapp.findChild(UiThreadGarbageCollector)
    assert collector is not None
    gc.collect()  # what the collector's timer does when due (generation 2: all of it)
    qtbot.waitUntil(lambda: died_on != [], timeout=2000)
    assert died_on == [threading.current_thread().name]


def test_nothing_is_collected_below_the_thresholds(qapp: QApplication) -> None:
    collector = qapp.findChild(UiThreadGarbageCollector)
    assert collector is not None
    gc.collect()
    assert collector.collect_when_due() == -1
    junk = [[] for _ in range(collector.thresholds[0] + 50)]
    assert collector.collect_when_due() >= 0
    del junk
