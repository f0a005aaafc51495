"""Python's cyclic garbage collector runs on the UI thread only.

CPython collects cycles in whichever thread happens to allocate when a threshold is crossed:
with the sandbox, the relay feed, HWI and the task workers busy, often a worker. A cycle that
holds a Qt object (a closed window and its children's wrappers) was then destroyed on that
worker: Qt warned "Timers cannot be stopped from another thread", an event filter ran on a
half-cleared wrapper, and the process crashed. So automatic collection is switched off and a
timer on the UI thread collects by the same thresholds — the recipe calibre has used for years
for the same reason.

One exception, on purpose: `process_tuning.settle_imports` collects once on the worker after
each start-up batch of imports (the warm-up, the demo's start), so that this one full
collection does not stall the UI thread (on the UI thread it measured a longer stall, as it
then ran beside the next batch). At those moments the app has dropped no window or page yet.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class UiThreadGarbageCollector(QObject):
    """Installed once per QApplication (its parent); collects generation by generation when
    CPython's own thresholds say so, but always here."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_when_due)
        self.timer.start(INTERVAL_MS)

    def collect_when_due(self) -> int:
        """What CPython would have collected by now; answers the generation (-1: none)."""
        counts = gc.get_count()
        collected = -1
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            gc.collect(generation)
            collected = generation
        return collected


def collect_on_ui_thread(app: QObject) -> UiThreadGarbageCollector:
    """Once per application: a second call answers the collector already installed."""
    existing = app.findChild(UiThreadGarbageCollector)
    return existing if existing is not None else UiThreadGarbageCollector(app)
