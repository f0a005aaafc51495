from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from pocketgui.payments import PaymentInstructions, build_slip
from pocketgui.ui.slip_render import save_slip_pdf, save_slip_png, slip_image
from pocketgui.ui.tasks import CancelToken, TaskRunner
from pocketgui.ui.widgets.busy import BusyIndicator
from pocketgui.ui.widgets.copyable import CopyableRow
from pocketgui.ui.widgets.error_box import ErrorBox
from pocketgui.ui.widgets.labels import PlainLabel
from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel
from tests.payments.examples import EXAMPLE_PAYMENT_METHOD

from .conftest import decode_qr

CHF = PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD)


def test_plain_label_never_renders_markup(qtbot: QtBot) -> None:
    label = PlainLabel("Pocket App")
    qtbot.addWidget(label)
    label.setText('<a href="https://evil.example">click</a> &lt;b&gt;')
    from PySide6.QtCore import Qt

    assert label.textFormat() == Qt.TextFormat.PlainText
    assert PlainLabel("<b>bold?</b>").textFormat() == Qt.TextFormat.PlainText


def test_copyable_row_copies_the_compact_value(qtbot: QtBot) -> None:
    row = CopyableRow("IBAN", "CH94 0077 8214 7683 0200 2", "CH9400778214768302002",
                      monospace=True)
    qtbot.addWidget(row)
    row.button.click()
    assert QGuiApplication.clipboard().text() == "CH9400778214768302002"
    assert row.button.text() == "Copied"


def test_error_box_shows_details_on_demand(qtbot: QtBot) -> None:
    page = QWidget()
    box = ErrorBox(page)
    qtbot.addWidget(page)
    page.show()
    assert not box.isVisible()
    try:
        raise ValueError("The IBAN is not valid.")
    except ValueError as exc:
        box.show_exception(exc)
    assert box.isVisible() and box.message.text() == "The IBAN is not valid."
    assert not box.details.isVisible()
    box.details_button.click()
    assert box.details.isVisible() and "ValueError" in box.details.toPlainText()
    box.clear()
    assert not box.isVisible()


def test_busy_indicator_cancels_its_task(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def wait_for_device(token: CancelToken) -> None:
        started.set()
        token.wait(10)

    page = QWidget()
    busy = BusyIndicator(page)
    qtbot.addWidget(page)
    page.show()
    task = runner.submit(wait_for_device)
    busy.start("Confirm on your device…", task)
    assert busy.busy and busy.isVisible() and started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        busy.cancel_button.click()
    assert not busy.busy and not busy.isVisible()
    runner.wait_for_done(5000)


def test_slip_png_scans_back_and_pdf_is_written(qtbot: QtBot, tmp_path: Path) -> None:
    slip = build_slip(CHF)
    assert slip.code is not None
    png, pdf = tmp_path / "slip.png", tmp_path / "slip.pdf"
    assert save_slip_png(slip, str(png), demo=True)
    assert decode_qr(QImage(str(png))) == [slip.code.payload.encode()]
    assert save_slip_pdf(slip, str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000
    assert slip_image(slip, dpi=100).width() == round(210 * 100 / 25.4)


def test_payment_details_panel(qtbot: QtBot, tmp_path: Path) -> None:
    panel = PaymentDetailsPanel(CHF, demo=False)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.qr is not None and panel.qr.data().startswith("SPC\r\n0200")
    labels = [row.label.text() for row in panel.rows]
    assert labels[:3] == ["Payee", "Payee address", "IBAN"] and "Reference — required" in labels
    assert panel.save_pdf(str(tmp_path / "p.pdf")) and panel.save_png(str(tmp_path / "p.png"))
    assert panel.save_qr_bill_svg(str(tmp_path / "bill.svg"))
    assert 'id="swiss-cross"' in (tmp_path / "bill.svg").read_text()


def test_official_qr_bill_svg_scans_back_to_our_payload(qtbot: QtBot) -> None:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from pocketgui.payments import build_spc_payload, qr_bill_svg

    renderer = QSvgRenderer(QByteArray(qr_bill_svg(CHF).encode()))
    assert renderer.isValid()
    size = renderer.defaultSize()
    image = QImage(size.width() * 3, size.height() * 3, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert decode_qr(image) == [build_spc_payload(CHF).encode()]
