"""Dashboard tests: no modal dialog waits, no browser opens, no real user directory is touched.

Copied in spirit from tests/ui/conftest.py (not imported: that folder belongs to the wizard's
tests): file dialogs answer at once with `Dialogs.save_path`, and `QDesktopServices.openUrl`
records the URL instead of starting a browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox


@dataclass
class Dialogs:
    save_path: str = ""
    opened: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    answers = Dialogs()

    def save(*args: object, **kwargs: object) -> tuple[str, str]:
        answers.opened.append("getSaveFileName")
        return answers.save_path, ""

    def message(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        answers.opened.append("message")
        return QMessageBox.StandardButton.Ok

    def open_url(url: object) -> bool:
        answers.urls.append(url.toString())  # type: ignore[attr-defined]
        return True

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, message)
    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    yield answers


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                          ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(variable, str(home / sub))
    return home
