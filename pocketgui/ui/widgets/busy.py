"""The busy state of a page: what is happening, a moving bar, and Cancel — never a frozen window."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from pocketgui.i18n.catalog import _
from pocketgui.ui.tasks import Task
from pocketgui.ui.widgets.labels import PlainLabel


class BusyIndicator(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = PlainLabel(wrap=True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # indeterminate
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._task: Task | None = None
        self.busy = False
        self.setVisible(False)

    def start(self, message: str, task: Task | None = None) -> None:
        """Show busy; with a task, Cancel cancels it and the indicator hides when it ends."""
        self.stop()
        self.message.setText(message)
        self.cancel_button.setEnabled(task is not None)
        self._task = task
        if task is not None:
            self.cancel_requested.connect(task.cancel)
            task.finished.connect(lambda: self._ended(task))
        self.busy = True
        self.setVisible(True)

    def _ended(self, task: Task) -> None:
        if self._task is task:  # not a task this indicator has since stopped showing
            self.stop()

    def stop(self) -> None:
        if self._task is not None:
            self.cancel_requested.disconnect(self._task.cancel)
            self._task = None
        self.busy = False
        self.setVisible(False)
