"""Qt helpers for the ui tests: QImage → PIL → zxing-cpp, and modal dialogs that never block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox


def to_pil(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombytes("RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()), "raw",
                           "RGB", rgb.bytesPerLine())


def decode_qr(image: QImage) -> list[bytes]:
    """The raw bytes of every QR code zxing-cpp finds in the image."""
    return [bytes(code.bytes) for code in zxingcpp.read_barcodes(to_pil(image))
            if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test that reaches a dialog fails loudly instead of waiting for a click forever."""
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a modal dialog was opened during a test")

    for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    yield
