"""How to pay an order, on screen: the QR code, every detail with a Copy button, the notes, and
"Save as PDF / PNG". The payment page of the wizard shows one of these."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pocketgui.i18n.catalog import _
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.payments.qr_bill_svg import qr_bill_svg
from pocketgui.payments.qr_matrix import QrMatrix, make_qr_matrix
from pocketgui.payments.slip import Slip, build_slip
from pocketgui.ui.slip_render import save_slip_pdf, save_slip_png
from pocketgui.ui.widgets.copyable import CopyableRow
from pocketgui.ui.widgets.labels import PlainLabel, emphasised
from pocketgui.ui.widgets.qr import QrWidget


def prepare(instructions: PaymentInstructions) -> tuple[Slip, QrMatrix | None]:
    """The slip and its code's matrix: pure computation, fit for a worker thread."""
    slip = build_slip(instructions)
    code = slip.code
    return slip, make_qr_matrix(code.payload, code.error_correction) if code else None


class PaymentDetailsPanel(QWidget):
    def __init__(self, instructions: PaymentInstructions, *, demo: bool,
                 prepared: tuple[Slip, QrMatrix | None] | None = None,
                 parent: QWidget | None = None) -> None:
        """`prepared`: `prepare(instructions)`, done on a worker."""
        super().__init__(parent)
        self.instructions = instructions
        self.slip, matrix = prepared or prepare(instructions)
        self.demo = demo
        self.qr: QrWidget | None = None
        grid = QGridLayout()
        if self.slip.code is not None:
            self.qr = QrWidget(self.slip.code.payload, swiss_cross=self.slip.code.swiss_cross,
                               matrix=matrix, save=False,  # "Save as PNG…" has the code too
                               caption=_("Scan with your banking app: {standard}").format(
                                   standard=self.slip.code.standard))
            self.qr.setFixedWidth(260)
            grid.addWidget(self.qr, 0, 0)
        rows = QVBoxLayout()
        self.rows = [CopyableRow(_("{label} — required").format(label=row.label) if row.required
                                 else row.label, row.display, row.copy, monospace=row.monospace)
                     for row in self.slip.rows]
        for row, detail in zip(self.rows, self.slip.rows, strict=True):
            if detail.required:  # without it the transfer is refunded
                emphasised(row.label)
                emphasised(row.value)
            rows.addWidget(row)
        rows.addStretch(1)
        grid.addLayout(rows, 0, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        actions = [(_("Save as PDF…"), self.save_pdf), (_("Save as PNG…"), self.save_png)]
        if self.slip.code is not None and self.slip.code.swiss_cross:
            actions.append((_("Save QR-bill (SVG)…"), self.save_qr_bill_svg))
        for label, slot in actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        for note in self.slip.notes:
            layout.addWidget(PlainLabel(f"•  {note}", wrap=True))
        layout.addLayout(buttons)

    def _ask(self, title: str, name: str, kind: str) -> str:
        path, _kind = QFileDialog.getSaveFileName(self, title, name, kind)
        return str(path)

    def save_pdf(self, path: str | None = None) -> bool:
        path = path or self._ask(_("Save payment slip"), "pocket-payment.pdf", "PDF (*.pdf)")
        return bool(path) and save_slip_pdf(self.slip, path, demo=self.demo)

    def save_png(self, path: str | None = None) -> bool:
        path = path or self._ask(_("Save payment slip"), "pocket-payment.png",
                                 _("PNG image") + " (*.png)")
        return bool(path) and save_slip_png(self.slip, path, demo=self.demo)

    def save_qr_bill_svg(self, path: str | None = None) -> bool:
        """The official payment part, for people who print bills the Swiss way."""
        path = path or self._ask(_("Save Swiss QR-bill"), "pocket-qr-bill.svg", "SVG (*.svg)")
        if not path:
            return False
        with open(path, "w", encoding="utf-8") as out:
            out.write(qr_bill_svg(self.instructions))
        return True
