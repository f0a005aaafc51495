"""Shared test set-up: Qt runs offscreen, nothing touches the user's real data directories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pocketgui.sandbox import SandboxServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's QApplication, with the app's own garbage collection on the UI thread
    (ui/ui_thread_gc.py): the tests' windows die where the app's do."""
    from PySide6.QtWidgets import QApplication

    from pocketgui.ui.ui_thread_gc import collect_on_ui_thread

    class TestApplication(QApplication):
        def __init__(self, args: list[str]) -> None:
            super().__init__(args)
            collect_on_ui_thread(self)

    return TestApplication


# -- the Pocket sandbox (pocketgui.sandbox), per docs/dev/contracts.md -------------------------


@pytest.fixture(scope="session")
def sandbox_reaper() -> Iterator[Callable[[SandboxServer], None]]:
    """Stops sandboxes on threads of their own. A stop waits out uvicorn's graceful-shutdown
    ticks, about 0.2 s, which no test needs: the next one runs on other ports. Every stop has
    ended, and any error it raised is raised, before the session ends."""
    stops: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="sandbox-reaper") as pool:
        yield lambda server: stops.append(pool.submit(server.stop))
    for stop in stops:
        stop.result()


@pytest.fixture
def sandbox_factory(
    sandbox_reaper: Callable[[SandboxServer], None],
) -> Iterator[Callable[..., SandboxServer]]:
    """`sandbox_factory(**config_overrides)` starts a SandboxServer; all stop after the test."""
    from pocketgui.sandbox import SandboxConfig, SandboxServer

    servers: list[SandboxServer] = []

    def start(**overrides: Any) -> SandboxServer:
        server = SandboxServer(SandboxConfig(**overrides))
        servers.append(server)
        return server.start()

    yield start
    for server in reversed(servers):
        sandbox_reaper(server)


@pytest.fixture
def sandbox(request: pytest.FixtureRequest,
            sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    """A fresh regtest sandbox with an in-memory database, running on a free loopback port;
    in a module marked `shared_sandbox`, the module's one sandbox (`module_sandbox`)."""
    if request.node.get_closest_marker("shared_sandbox") is not None:
        shared: SandboxServer = request.getfixturevalue("module_sandbox")
        return shared
    return sandbox_factory()


@pytest.fixture(scope="module")
def module_sandbox(
    sandbox_reaper: Callable[[SandboxServer], None],
) -> Iterator[SandboxServer]:
    """One sandbox for every test of a module marked `shared_sandbox`: starting and stopping
    one costs about 0.3 s, more than most API tests. Only for modules whose tests each work on
    what they create themselves (their own client id, challenge, order, exchange) and leave the
    sandbox's shared state alone (rates, blocks, webhooks, configuration)."""
    from pocketgui.sandbox import SandboxConfig, SandboxServer

    server = SandboxServer(SandboxConfig()).start()
    yield server
    sandbox_reaper(server)


# -- pytest-xdist: which worker runs what (tests/xdist_scopes.py) ------------------------------


def pytest_configure(config: pytest.Config) -> None:
    if _hands_out_scopes(config) and getattr(config, "cache", None) is not None:
        from tests.xdist_scopes import ScopeTimes

        config.pluginmanager.register(ScopeTimes(config), "pocketgui-scope-times")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadscope` hands out modules longest first, the emulator modules as one unit."""
    if not _hands_out_scopes(config):
        return None
    from tests.xdist_scopes import LongFirstScopes

    return LongFirstScopes(config, log)


def _hands_out_scopes(config: pytest.Config) -> bool:
    """The xdist controller of a `--dist loadscope` run (not a worker, not a plain run)."""
    return (not hasattr(config, "workerinput") and config.pluginmanager.hasplugin("xdist")
            and config.getoption("numprocesses", None) not in (None, 0)
            and config.getvalue("dist") == "loadscope")
