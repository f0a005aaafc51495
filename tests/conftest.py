"""Shared test set-up: Qt runs offscreen, nothing touches the user's real data directories."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pocketgui.sandbox import SandboxServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# -- the Pocket sandbox (pocketgui.sandbox), per docs/dev/contracts.md -------------------------


@pytest.fixture
def sandbox_factory() -> Iterator[Callable[..., SandboxServer]]:
    """`sandbox_factory(**config_overrides)` starts a SandboxServer; all stop at teardown."""
    from pocketgui.sandbox import SandboxConfig, SandboxServer

    servers: list[SandboxServer] = []

    def start(**overrides: Any) -> SandboxServer:
        server = SandboxServer(SandboxConfig(**overrides))
        servers.append(server)
        return server.start()

    yield start
    for server in reversed(servers):
        server.stop()


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
def module_sandbox() -> Iterator[SandboxServer]:
    """One sandbox for every test of a module marked `shared_sandbox`: starting and stopping
    one costs about 0.3 s, more than most API tests. Only for modules whose tests each work on
    what they create themselves (their own client id, challenge, order, exchange) and leave the
    sandbox's shared state alone (rates, blocks, webhooks, configuration)."""
    from pocketgui.sandbox import SandboxConfig, SandboxServer

    server = SandboxServer(SandboxConfig()).start()
    yield server
    server.stop()
