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
def sandbox(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    """A fresh regtest sandbox with an in-memory database, running on a free loopback port."""
    return sandbox_factory()
