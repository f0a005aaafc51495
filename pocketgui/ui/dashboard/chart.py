"""The price chart, drawn with QPainter: a dot per purchase (the price paid) and the running
average price as a line, purchase after purchase.

The x axis steps one purchase at a time (dates written under the ticks): a standing order buys
at a steady rhythm, so this reads as time, and purchases minutes apart (Demo) or a year apart
stay equally readable.

Axes with round price ticks and dates, a legend, and the last average written at the line's
end, so the one number people look for is readable without hovering. Floats appear only here,
to place pixels; the labels are formatted from the Decimals, as the locale writes numbers
and dates.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pocketgui.history.chart import ChartPoint
from pocketgui.history.money import format_fiat
from pocketgui.i18n.catalog import _, ngettext
from pocketgui.i18n.formatting import format_date, format_number
from pocketgui.ui import palette

PRICE, AVERAGE, GRID, INK, MUTED = map(QColor, (palette.PRICE, palette.AVERAGE, palette.GRID,
                                                palette.INK, palette.MUTED))
MARGINS = (78, 40, 24, 58)  # left, top, right, bottom


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick spacing (1, 2 or 5 × 10^n) giving about `ticks` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


class PriceChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceChart")
        self.points: list[ChartPoint] = []
        self.currency = ""
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)

    def sizeHint(self) -> QSize:
        return QSize(720, 380)

    def set_points(self, points: list[ChartPoint], currency: str) -> None:
        self.points, self.currency = points, currency
        self.update()

    # Geometry ----------------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        left, top, right, bottom = MARGINS
        return QRectF(left, top, max(1, self.width() - left - right),
                      max(1, self.height() - top - bottom))

    def _ranges(self) -> tuple[float, float]:
        prices = [float(p.price) for p in self.points] + [float(p.average) for p in self.points]
        low, high = min(prices), max(prices)
        pad = max((high - low) * 0.08, high * 0.01, 1.0)
        step = nice_step(high - low + 2 * pad)
        return (low - pad) // step * step, -((-(high + pad)) // step) * step

    # Painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.WHITE))
        if not self.points:
            painter.setPen(MUTED)
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter),
                             _("The chart shows each purchase's price once bitcoin was "
                               "bought."))
            return
        plot = self._plot()
        low, high = self._ranges()
        count = len(self.points)

        def x_of(index: int) -> float:
            return plot.left() + (index + 0.5) / count * plot.width()

        def y_of(price: Decimal) -> float:
            return plot.bottom() - (float(price) - low) / (high - low) * plot.height()

        self._axes(painter, plot, low, high, x_of)
        painter.setPen(QPen(AVERAGE, 2.4))
        path = QPainterPath()
        for i, point in enumerate(self.points):
            spot = QPointF(x_of(i), y_of(point.average))
            path.lineTo(spot) if i else path.moveTo(spot)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        radius = 4.5 if len(self.points) < 60 else 2.5
        painter.setPen(QPen(QColor(palette.WHITE), 1.2))
        painter.setBrush(PRICE)
        for i, point in enumerate(self.points):
            painter.drawEllipse(QPointF(x_of(i), y_of(point.price)), radius, radius)
        last = self.points[-1]
        label = _("average {price}").format(price=format_fiat(last.average, self.currency))
        painter.setPen(AVERAGE)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(label)
        ax = min(x_of(count - 1) - width / 2, plot.right() - width)
        ay = y_of(last.average) - 10
        painter.drawText(QPointF(max(plot.left() + 4, ax), max(plot.top() + 12, ay)), label)
        self._legend(painter, plot)

    def _axes(self, painter: QPainter, plot: QRectF, low: float, high: float,
              x_of: Callable[[int], float]) -> None:
        metrics = painter.fontMetrics()
        step = nice_step(high - low)
        value = math.ceil(low / step) * step  # round values only
        while value <= high + step / 1000:
            y = plot.bottom() - (value - low) / (high - low) * plot.height()
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            tick = Decimal(str(round(value, 2))).normalize()
            text = format_number(tick, max(0, -int(tick.as_tuple().exponent)))
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, y - 9, plot.left() - 8, 18),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             text)
            value += step
        painter.setPen(QPen(INK, 1.2))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(MUTED)
        painter.drawText(QRectF(4, 8, plot.left() + 120, 20), int(Qt.AlignmentFlag.AlignLeft),
                         _("{currency} per BTC").format(currency=self.currency))
        count = len(self.points)
        span = (self.points[-1].when - self.points[0].when).total_seconds()
        ticks = max(1, min(count, int(plot.width() // 130)))
        shown = sorted({round(i * (count - 1) / max(1, ticks - 1)) for i in range(ticks)})
        for index in shown:
            x = x_of(index)
            when = self.points[index].when.astimezone()
            text = f"{when:%H:%M:%S}" if span < 86400 else format_date(when)
            width = metrics.horizontalAdvance(text)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.drawText(QPointF(min(max(x - width / 2, 0), self.width() - width - 2),
                                     plot.bottom() + 20), text)
        caption = ngettext("{count} purchase, oldest first", "{count} purchases, oldest first",
                           count).format(count=count)
        painter.drawText(QPointF(plot.right() - metrics.horizontalAdvance(caption),
                                 plot.bottom() + 38), caption)

    def _legend(self, painter: QPainter, plot: QRectF) -> None:
        """Top right, as wide as its words in the app's language (never past the plot's right
        edge, never over the axis caption on the left)."""
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        price_paid, average = _("price paid per purchase"), _("running average")
        width = 20 + metrics.horizontalAdvance(price_paid) + 16 + 28 + \
            metrics.horizontalAdvance(average)
        x = max(plot.left() + 124, plot.right() - width)
        y = 22.0
        painter.setPen(QPen(QColor(palette.WHITE), 1))
        painter.setBrush(PRICE)
        painter.drawEllipse(QPointF(x, y - 4), 5, 5)
        painter.setPen(INK)
        painter.drawText(QPointF(x + 10, y), price_paid)
        x += 20 + metrics.horizontalAdvance(price_paid) + 16
        painter.setPen(QPen(AVERAGE, 2.4))
        painter.drawLine(QPointF(x, y - 4), QPointF(x + 22, y - 4))
        painter.setPen(INK)
        painter.drawText(QPointF(x + 28, y), average)
