"""Qt helpers for the ui tests: QImage → PIL → zxing-cpp, modal dialogs that never block, and a
user who has no real config, data directories or keyring (all in tmp_path, all in memory)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import pytest
import zxingcpp
from keyring.backend import KeyringBackend
from PIL import Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.flow.conftest import demo, demo_factory  # noqa: F401  (a real demo for page tests)


def to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombytes("RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()), "raw",
                           "RGB", rgb.bytesPerLine())


def decode_qr(image: QImage) -> list[bytes]:
    """The raw bytes of every QR code zxing-cpp finds in the image."""
    return [bytes(code.bytes) for code in zxingcpp.read_barcodes(to_pil(image))
            if code.format == zxingcpp.BarcodeFormat.QRCode]


@dataclass
class Dialogs:
    """What the modal dialogs answered: a test sets `save_path` to answer a file dialog."""

    save_path: str = ""
    opened: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    """File and message boxes answer at once (Cancel / Ok), recording that they were asked."""
    answers = Dialogs()

    def file_dialog(name: str) -> object:
        def answer(*args: object, **kwargs: object) -> object:
            answers.opened.append(name)
            return answers.save_path if name == "getExistingDirectory" else (answers.save_path, "")
        return answer

    def message_box(name: str) -> object:
        def answer(*args: object, **kwargs: object) -> object:
            answers.opened.append(name)
            return QMessageBox.StandardButton.Ok
        return answer

    for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, file_dialog(name))
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, message_box(name))
    yield answers


class MemoryKeyring(KeyringBackend):
    """A keyring that forgets everything when the test ends."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config and data directories under tmp_path, an in-memory keyring: nothing real is
    touched."""
    home = tmp_path / "home"
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                          ("XDG_CACHE_HOME", "cache"), ("HOME", "")):
        monkeypatch.setenv(variable, str(home / sub))
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)
