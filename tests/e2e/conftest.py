"""The e2e tests share the ui tests' isolation: tmp user dirs, memory keyring, no modal waits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pocketgui.purchases import session
from tests.ui.conftest import dialogs, user_dirs  # noqa: F401  (autouse fixtures)


@pytest.fixture(autouse=True)
def quick_demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Payouts settle one second after execution (the app's demo waits a few)."""
    monkeypatch.setattr(session, "DEMO_OPTIONS", {"settle_delay": 1.0})
    yield
