"""How the app's process is tuned once its window has painted and worker threads start.

These settings belong to the process, not to a window: `app.main` applies them at its first
paint and hands `settle_imports` to the window, which runs it on its worker after each batch of
imports. A window built elsewhere (tests, the self-test) leaves the interpreter as it found it.
"""

from __future__ import annotations

import sys

# From the first paint on, the UI thread shares the GIL with busy threads (the embedded
# sandbox, the simulated device, HTTP, imports). Every Qt call hands the GIL back and forth, and
# at CPython's default 5 ms switch interval a page rebuild could wait for it tens of times
# (measured: stalls of 100 ms in the demo). With the chain's and the sandbox's threads starting
# while the welcome page shows, three threads want the GIL and the idle UI thread lost it for up
# to 60 ms at 0.2 ms; at 0.05 ms it keeps up.
SWITCH_INTERVAL = 0.00005  # seconds


def tune_for_worker_threads() -> None:
    """The switch interval above, and at most two malloc arenas; before the workers start.

    And what start-up made is frozen out of the cyclic collector's reach: it is all alive (a
    collection at the first paint finds no garbage), and the worker's first `settle_imports`
    then traverses only what the warm-up imported, holding the GIL that much shorter."""
    import gc

    sys.setswitchinterval(SWITCH_INTERVAL)
    limit_malloc_arenas()
    gc.freeze()


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each new thread its own malloc arena; with the demo's dozen threads their
    slack measured 20 MB of peak RSS. Two arenas are plenty for one busy UI thread."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # -8: M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def settle_imports() -> None:
    """On a worker, after a batch of imports: collect their garbage, then move everything
    alive (modules, the sandbox, HWI: ~90 000 objects) out of the cyclic collector's reach.

    Without the freeze, a full collection over them took 48 ms on the UI thread whenever the
    allocation count happened to trigger it; without the collect first, the import-time
    garbage alive at that moment (up to 20 MB, depending on the hash seed) would be frozen
    for good. What is created later is collected normally."""
    import gc

    gc.collect()
    gc.freeze()
