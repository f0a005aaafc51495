"""Paint a payment slip (`payments.Slip`) on A4: as a PNG image or as a PDF to print or keep.

One `paint_slip` serves both, so the PDF and the PNG cannot disagree. Lengths are in millimetres
and converted with the target's resolution; the QR code is the same `paint_qr` as on screen, at
the Swiss QR-bill's 46 mm, so it scans from paper as well as from a screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from pocketgui.i18n.catalog import _
from pocketgui.payments.qr_matrix import QUIET_ZONE, make_qr_matrix
from pocketgui.payments.slip import Slip
from pocketgui.ui.qr_paint import paint_qr

A4_MM = (210.0, 297.0)
MARGIN_MM, QR_MM = 15.0, 46.0
INK, MUTED, DEMO_RED = QColor(20, 20, 20), QColor(100, 100, 100), QColor(180, 30, 30)
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


class _Page:
    """A painter, a resolution and a cursor that moves down the page."""

    def __init__(self, painter: QPainter, dpi: float) -> None:
        self.painter, self.dpi = painter, dpi
        self.y = self.mm(MARGIN_MM)

    def mm(self, value: float) -> int:
        return round(value * self.dpi / 25.4)

    def text(self, left: int, width: int, text: str, points: float, *, bold: bool = False,
             colour: QColor = INK, mono: bool = False, y: int | None = None) -> int:
        """Draw wrapped plain text at y (default: the cursor); returns its height in pixels."""
        font = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        self.painter.setFont(font)
        self.painter.setPen(colour)
        top = self.y if y is None else y
        box = self.painter.boundingRect(QRect(left, top, width, 10_000), WRAP, text)
        self.painter.drawText(QRect(left, top, width, box.height()), WRAP, text)
        return box.height()


def paint_slip(painter: QPainter, dpi: float, slip: Slip, *, demo: bool = False) -> None:
    page = _Page(painter, dpi)
    left, width = page.mm(MARGIN_MM), page.mm(A4_MM[0] - 2 * MARGIN_MM)
    if demo:
        page.y += page.text(left, width, _("DEMO — not a real payment: do not transfer money "
                                           "for this slip."), 12, bold=True,
                            colour=DEMO_RED) + page.mm(3)
    page.y += page.text(left, width, slip.title, 16, bold=True) + page.mm(6)
    rows_left, top = left, page.y
    if slip.code is not None:
        matrix = make_qr_matrix(slip.code.payload, slip.code.error_correction)
        module = max(1, page.mm(QR_MM) // matrix.size)  # whole pixels: ≤ 46 mm, never blurred
        quiet, code = QUIET_ZONE * module, matrix.size * module
        # the quiet zone lies in the white margin, so the code itself lines up with the text
        paint_qr(painter, QRect(left - quiet, top, code + 2 * quiet, code + 2 * quiet), matrix,
                 slip.code.swiss_cross)
        caption = _("Scan with your banking app: {standard}").format(standard=slip.code.standard)
        code_bottom = top + quiet + code + page.mm(2)
        caption_height = page.text(left, code, caption, 8, colour=MUTED, y=code_bottom)
        rows_left = left + code + page.mm(10)
        page.y = top + quiet  # the first row lines up with the top of the code
        below_code = code_bottom + caption_height
    else:
        below_code = top
    rows_width = left + width - rows_left
    for row in slip.rows:
        page.y += page.text(rows_left, rows_width, row.label, 8, colour=MUTED)
        page.y += page.text(rows_left, rows_width, row.display, 11, mono=row.monospace)
        page.y += page.mm(2.5)
    page.y = max(page.y, below_code) + page.mm(4)
    for note in slip.notes:
        page.y += page.text(left, width, f"•  {note}", 10) + page.mm(2)


def slip_image(slip: Slip, dpi: int = 150, *, demo: bool = False) -> QImage:
    width, height = (round(mm * dpi / 25.4) for mm in A4_MM)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    paint_slip(painter, dpi, slip, demo=demo)
    painter.end()
    return image


def save_slip_png(slip: Slip, path: str, dpi: int = 150, *, demo: bool = False) -> bool:
    return bool(slip_image(slip, dpi, demo=demo).save(path, "PNG"))  # type: ignore[call-overload]  # stubs say bytes


def save_slip_pdf(slip: Slip, path: str, *, demo: bool = False, dpi: int = 300) -> bool:
    writer = QPdfWriter(path)
    writer.setResolution(dpi)
    writer.setTitle(slip.title)
    writer.setCreator("pocketgui")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*A4_MM), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    if not painter.begin(writer):
        return False
    paint_slip(painter, dpi, slip, demo=demo)
    return bool(painter.end())
