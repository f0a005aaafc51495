"""How long the app took to paint its first window, measured inside the app.

"Since process start" comes from one of two clocks, named in the output:
- `launcher`: the launcher put `time.time_ns()` into POCKETGUI_T0_NS just before spawning us
  (what benchmarks/startup.py does; 1 ms resolution, includes exec and interpreter start);
- `proc`: Linux's /proc/self/stat start time against CLOCK_BOOTTIME (10 ms resolution);
- `module`: elsewhere, since the entry module began to run (misses interpreter start-up).
Peak memory is the resident-set high-water mark from getrusage (kB on Linux).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

T0_ENV = "POCKETGUI_T0_NS"


def seconds_since_process_start(entry_t0: float) -> tuple[float, str]:
    launched = os.environ.get(T0_ENV, "")
    if launched.isdigit():
        return (time.time_ns() - int(launched)) / 1e9, "launcher"
    try:
        with open("/proc/self/stat") as stat:
            after_name = stat.read().rsplit(")", 1)[1].split()
        ticks = int(after_name[19])  # field 22 of stat(5)
        return time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK"), "proc"
    except (OSError, IndexError, ValueError, AttributeError):
        return time.perf_counter() - entry_t0, "module"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class FirstPaintProbe(QObject):
    """Calls back once, right after the first paint of `window` has been flushed.

    It watches the application's events until the first Paint of any widget of the window, then
    posts a zero timer: that fires after the whole window's paint pass is done.
    """

    def __init__(self, app: QApplication, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(app)
        self._app, self._window, self._callback = app, window, callback
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self._window):
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False
