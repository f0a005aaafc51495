"""The one QR widget of the app: checks the data fits, paints crisp at any size, copies, saves.

Data that does not fit a QR code (version 40 at the chosen error correction) is refused with
`QrDataTooLong`, and the widget says so instead of showing a code. Painting is `qr_paint`'s,
shared with the printable slip.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pocketgui.i18n.catalog import _
from pocketgui.payments.errors import QrDataTooLong
from pocketgui.payments.qr_matrix import QUIET_ZONE, ErrorCorrection, QrMatrix, make_qr_matrix
from pocketgui.ui.qr_paint import WHITE, module_image, paint_qr
from pocketgui.ui.widgets.labels import PlainLabel, muted


class QrCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: QrMatrix | None = None
        self.modules: QImage | None = None  # one pixel per module: see qr_paint
        self.swiss_cross = False
        self.setMinimumSize(120, 120)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # stays square, so caption and buttons sit right below
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())  # a square at the top: slack goes below
        square = QRect((self.width() - side) // 2, 0, side, side)
        if self.matrix is not None and paint_qr(painter, square, self.matrix, self.swiss_cross,
                                                self.modules):
            return
        if self.matrix is not None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("Too small for the code"))

    def show_matrix(self, matrix: QrMatrix | None, swiss_cross: bool) -> None:
        """At least 2 pixels per module, so the code on screen stays scannable."""
        self.matrix, self.swiss_cross = matrix, swiss_cross
        self.modules = module_image(matrix) if matrix is not None else None
        side = max(120, 2 * (matrix.size + 2 * QUIET_ZONE)) if matrix else 120
        self.setMinimumSize(side, side)
        self.update()


class QrWidget(QWidget):
    """`set_data` raises QrDataTooLong (and says so in the widget) when the data cannot fit."""

    def __init__(self, data: str = "", *, swiss_cross: bool = False,
                 error_correction: ErrorCorrection = ErrorCorrection.M, buttons: bool = True,
                 caption: str = "", matrix: QrMatrix | None = None, save: bool = True,
                 parent: QWidget | None = None) -> None:
        """`save`: its own "Save PNG…" (off where the page saves a whole slip with the code)."""
        super().__init__(parent)
        self._save = save
        self.canvas = QrCanvas()
        self.error = PlainLabel(wrap=True)
        self.error.setVisible(False)
        self.caption = muted(PlainLabel(caption, wrap=True))
        self.caption.setVisible(bool(caption))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        layout.addWidget(self.error)
        layout.addWidget(self.caption)
        self.buttons: dict[str, QPushButton] = {}
        if buttons:
            row = QHBoxLayout()
            for label, slot in self._actions():
                button = QPushButton(label)
                button.clicked.connect(slot)
                row.addWidget(button)
                self.buttons[label] = button
            layout.addLayout(row)
        layout.addStretch(1)
        self.set_data(data, swiss_cross=swiss_cross, error_correction=error_correction,
                      matrix=matrix)

    def _actions(self) -> list[tuple[str, Callable[[], object]]]:
        actions: list[tuple[str, Callable[[], object]]] = [
            (_("Copy text"), self.copy_text), (_("Copy image"), self.copy_image)]
        return [*actions, (_("Save PNG…"), self.save_png)] if self._save else actions

    @property
    def matrix(self) -> QrMatrix | None:
        return self.canvas.matrix

    def data(self) -> str:
        return self.matrix.data if self.matrix else ""

    def set_data(self, data: str, *, swiss_cross: bool = False,
                 error_correction: ErrorCorrection = ErrorCorrection.M,
                 matrix: QrMatrix | None = None) -> None:
        """`matrix`: the code of `data`, already made on a worker (encoding a QR-bill takes
        ≈10 ms of pure Python, which the UI thread need not spend)."""
        if swiss_cross and error_correction is not ErrorCorrection.M:
            raise ValueError("A Swiss QR-bill's code uses error correction M.")
        message = ""
        try:
            if matrix is None or matrix.data != data:
                matrix = make_qr_matrix(data, error_correction) if data else None
        except QrDataTooLong as exc:
            message = str(exc)
            raise
        finally:
            self.canvas.show_matrix(matrix, swiss_cross)
            self.canvas.setVisible(matrix is not None)
            self.error.setText(message)
            self.error.setVisible(bool(message))
            for button in self.buttons.values():
                button.setEnabled(matrix is not None)

    def image(self, module_pixels: int = 8) -> QImage:
        """The code alone at an exact integer scale, quiet zone included (for copy and PNG)."""
        if self.matrix is None:
            return QImage()
        side = (self.matrix.size + 2 * QUIET_ZONE) * module_pixels
        image = QImage(side, side, QImage.Format.Format_RGB32)
        image.fill(WHITE)
        painter = QPainter(image)
        paint_qr(painter, image.rect(), self.matrix, self.canvas.swiss_cross, self.canvas.modules)
        painter.end()
        return image

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.data())

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())

    def save_png(self, path: str | None = None) -> bool:
        if path is None:
            path, _kind = QFileDialog.getSaveFileName(self, _("Save QR code"), "payment-qr.png",
                                                      _("PNG image") + " (*.png)")
            if not path:
                return False
        return bool(self.image().save(path, "PNG"))  # type: ignore[call-overload]  # stubs say bytes

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.matrix is None:
            return
        menu = QMenu(self)
        for label, slot in self._actions():
            menu.addAction(label).triggered.connect(slot)
        menu.exec(event.globalPos())
