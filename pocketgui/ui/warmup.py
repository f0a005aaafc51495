"""After the first paint: import what the next pages need, on a worker thread.

The person reads the welcome page meanwhile; by the time they click, the heavy modules are in
`sys.modules`. A module that fails to import is reported when a page really needs it, not here.
"""

from __future__ import annotations

import importlib
import logging

from pocketgui.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

HEAVY_MODULES = (
    "httpx",
    "qrcode",
    "pocketgui.payments",
    "pocketgui.ui.widgets.qr",
    "pocketgui.api",
    "pocketgui.bitcoin",
    "pocketgui.devices",
    "pocketgui.store",
    "pocketgui.tracking",
    "pocketgui.flow",
    "pocketgui.ui.wizard.wizard",  # the pages: "Get started" then builds, never imports
    "pocketgui.purchases.session",
    "pocketgui.ui.dashboard.dashboard",  # built once the environment has an order
    "pocketgui.ui.dashboard.tray",  # with the dashboard's first build, on the UI thread
    # the chain's first round starts with the session: importing BDK's bindings then (≈0.1 s
    # of Python under the GIL) starved the wizard's page builds, the demo's longest stall
    "bdkpython",
    "pocketgui.chain",
)


def import_all(names: tuple[str, ...] = HEAVY_MODULES) -> list[str]:
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a layer still being built must not stop the app
            log.info("warm-up could not import %s: %s", name, exc)
            failed.append(name)
    return failed


def prepare_all() -> list[str]:
    """The heavy modules imported, then the locale's number and date formats loaded (Babel,
    outside English); answers the modules that failed."""
    failed = import_all()
    from pocketgui.i18n.formatting import warm

    warm()
    return failed


def warm_up(runner: TaskRunner) -> Task:
    """The heavy modules imported and the formats loaded on `runner`'s worker; the task says
    when."""
    return runner.submit(prepare_all, name="warm-up")
