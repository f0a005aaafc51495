"""The window's pages, sized by the page shown, in a scroll area.

A QStackedWidget asks for the largest minimum of all its pages, so once the dashboard (or the
wizard with the device screen) had been built, every page — and the window — kept its size:
on a 1280×720 laptop with a desktop panel the window grew past the screen and "Get started"
or "New order…" sat below it. Here only the page shown counts, and should a page still need
more than the screen leaves, the scroll area reaches it instead of the window growing.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QStackedWidget, QWidget


class PageStack(QStackedWidget):
    """A stacked widget whose size hints are those of the current page only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(self._current_changed)

    def _current_changed(self, _index: int) -> None:
        for index in range(self.count()):
            page = self.widget(index)
            if page is None:
                continue
            shown = page is self.currentWidget()
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        """The least height the page needs at `width`. The scroll area sizes a page with wrapped
        labels by this, and grows it to fill the window anyway: the page's preferred height
        (Qt's default here) made a dashboard scroll that fits a small screen."""
        page = self.currentWidget()
        layout = page.layout() if page is not None else None
        if layout is None or not layout.hasHeightForWidth():
            return super().heightForWidth(width)
        assert page is not None  # a layout came from it
        return max(layout.totalMinimumHeightForWidth(width), page.minimumSizeHint().height())


def scrolled(stack: PageStack) -> QScrollArea:
    """The stack in a frameless scroll area that follows the window's size."""
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(stack)
    return area
