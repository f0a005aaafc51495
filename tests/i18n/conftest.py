"""Every test here leaves the app in English, as the rest of the suite expects it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pocketgui.i18n.catalog import SOURCE_LANGUAGE, set_language


@pytest.fixture(autouse=True)
def english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    yield
    monkeypatch.undo()
    set_language(SOURCE_LANGUAGE)
