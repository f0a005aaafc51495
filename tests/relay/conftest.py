from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pocketgui.relay import RelayConfig, RelayServer
from tests.relay.kit import SECRET, TOKEN


@pytest.fixture
def relay_factory(tmp_path: Path) -> Iterator[Callable[..., RelayServer]]:
    """`relay_factory(**config_overrides)` starts a relay on a free loopback port, its database
    in tmp_path (the same file each call unless `db_path` is given); all stop at teardown."""
    started: list[RelayServer] = []

    def start(**overrides: Any) -> RelayServer:
        options: dict[str, Any] = {"webhook_secret": SECRET, "token": TOKEN,
                                   "db_path": str(tmp_path / "relay.sqlite3")}
        options.update(overrides)
        relay = RelayServer(RelayConfig(**options)).start()
        started.append(relay)
        return relay

    yield start
    for relay in reversed(started):
        relay.stop()


@pytest.fixture
def relay(relay_factory: Callable[..., RelayServer]) -> RelayServer:
    return relay_factory()
