"""The QR widget, painted as a person sees it, must scan back to the exact payload."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from pocketgui.payments import (
    PaymentInstructions,
    QrDataTooLong,
    build_epc_payload,
    build_spc_payload,
)
from pocketgui.payments.qr_matrix import ErrorCorrection
from pocketgui.ui.widgets.qr import QrWidget
from tests.payments.examples import EXAMPLE_PAYMENT_METHOD

from .conftest import decode_qr


def instructions(**changes: str) -> PaymentInstructions:
    return PaymentInstructions.from_payment_method({**EXAMPLE_PAYMENT_METHOD, **changes})


SPC = build_spc_payload(instructions())
EPC = build_epc_payload(instructions(currency="eur", creditor_iban="DE75512108001245126199"))
EPC_WITH_AMOUNT = build_epc_payload(PaymentInstructions.from_payment_method(
    {**EXAMPLE_PAYMENT_METHOD, "currency": "eur", "creditor_iban": "DE75512108001245126199"},
    amount=Decimal("12.50")))


def shown(qtbot: QtBot, widget: QrWidget, side: int) -> QImage:
    qtbot.addWidget(widget)
    widget.canvas.setFixedSize(side, side)
    widget.show()
    qtbot.waitExposed(widget)
    return widget.canvas.grab().toImage()


@pytest.mark.parametrize("side", [130, 260, 900])
@pytest.mark.parametrize(
    ("payload", "cross"), [(SPC, True), (EPC, False), (EPC_WITH_AMOUNT, False)],
    ids=["spc-chf", "epc-eur", "epc-eur-amount"])
def test_painted_code_scans_back_byte_for_byte(
    qtbot: QtBot, payload: str, cross: bool, side: int
) -> None:
    widget = QrWidget(payload, swiss_cross=cross)
    assert decode_qr(shown(qtbot, widget, side)) == [payload.encode("utf-8")]


def test_modules_are_whole_pixels_and_centred(qtbot: QtBot) -> None:
    widget = QrWidget(EPC)
    image = shown(qtbot, widget, 301)
    assert widget.matrix is not None
    total = widget.matrix.size + 8
    module = 301 // total
    margin = (301 - module * total) // 2
    # the top-left finder pattern starts exactly after the quiet zone, fully dark for 7 modules
    start = margin + 4 * module
    row = [image.pixelColor(x, start).black() > 128 for x in range(start, start + 7 * module)]
    assert all(row)
    assert image.pixelColor(start - 1, start).black() < 128  # quiet zone is white


def test_swiss_cross_is_centred_and_a_seventh_of_46(qtbot: QtBot) -> None:
    widget = QrWidget(SPC, swiss_cross=True)
    image = widget.image(module_pixels=10)
    assert widget.matrix is not None
    code = widget.matrix.size * 10
    centre = image.width() // 2
    assert image.pixelColor(centre, centre).black() < 128  # the white cross at the centre
    arm_end = centre + round(code * 7 / 46 * 0.556) // 2 + 2
    assert image.pixelColor(arm_end, centre).black() > 128  # black square around the arm


def test_swiss_cross_needs_error_correction_m(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="error correction M"):
        QrWidget(SPC, swiss_cross=True, error_correction=ErrorCorrection.H)


def test_data_that_cannot_fit_is_refused_clearly(qtbot: QtBot) -> None:
    widget = QrWidget(EPC)
    qtbot.addWidget(widget)
    with pytest.raises(QrDataTooLong, match="version 40"):
        widget.set_data("x" * 1300, error_correction=ErrorCorrection.H)
    assert widget.matrix is None and widget.data() == ""
    assert "do not fit" in widget.error.text() and not widget.error.isHidden()
    assert not widget.buttons["Copy text"].isEnabled()


def test_copy_text_copy_image_and_save(qtbot: QtBot, tmp_path: Path) -> None:
    widget = QrWidget(SPC, swiss_cross=True)
    qtbot.addWidget(widget)
    widget.buttons["Copy text"].click()
    assert QGuiApplication.clipboard().text() == SPC
    widget.buttons["Copy image"].click()
    assert decode_qr(QGuiApplication.clipboard().image()) == [SPC.encode()]
    path = tmp_path / "code.png"
    assert widget.save_png(str(path))
    saved = QImage(str(path))
    assert saved.width() == (widget.matrix.size + 8) * 8 if widget.matrix else False
    assert decode_qr(saved) == [SPC.encode()]
