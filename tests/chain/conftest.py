"""A sandbox with its Electrum server, and the app's chain rig over each source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pocketgui.sandbox import SandboxServer
from tests.chain.kit import ChainRig, sources


@pytest.fixture
def chain_server(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(electrum_port=0)


@pytest.fixture(params=["electrum", "esplora"])
def rig(request: pytest.FixtureRequest, chain_server: SandboxServer, tmp_path: Path
        ) -> Iterator[ChainRig]:
    rig = ChainRig(chain_server, tmp_path, sources(chain_server)[request.param])
    yield rig
    rig.close()
