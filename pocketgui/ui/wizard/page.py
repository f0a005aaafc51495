"""What every wizard page shares: its heading, the busy state with Cancel, the error box, a note.

A page renders `flow` (pocketgui.flow.PurchaseFlow) and never blocks: device calls go to the one
device runner (a single thread: HWI is not thread-safe, and a device answers one request at a
time), HTTP calls to the network runner. `run()` shows the busy state until the call reports
back, then re-renders; a cancellation on the device (UserCancelled) arrives as `cancelled` and
becomes a neutral note, never an error box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.busy import BusyIndicator
from pocketgui.ui.widgets.error_box import ErrorBox
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

CANCELLED_ON_DEVICE = N_("Cancelled on the device. Nothing was done; try again when ready.")
CANCEL_SENT = N_("Cancelled: the app told the device to stop. Nothing was done. Should the "
                 "device still ask, press ✗ (Reject) on it; then try again when ready.")
MONO = "font-family: monospace;"


@dataclass
class Runners:
    device: TaskRunner  # one thread, UserCancelled silent
    network: TaskRunner
    on_cancel_device: Callable[[], None] | None = None  # demo: the person presses reject
    cancel_note: str = CANCELLED_ON_DEVICE  # what the app's Cancel of a device call says (N_)


def explain(exc: BaseException) -> tuple[str, str]:
    """The sentence for the person and the details, for any error the flow can raise."""
    import traceback

    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    fix = getattr(exc, "fix", "")
    if fix:
        message = _("{message}\n\nHow to fix it:\n{fix}").format(message=message, fix=fix)
    detail = getattr(exc, "detail", "")
    trace = "".join(traceback.format_exception(exc))
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    return message, f"{name}: {detail}\n\n{trace}" if detail else f"{name}\n\n{trace}"


class WizardPage(QWidget):
    """Subclasses fill `body`, implement `show_flow()`, and may override `enter()`."""

    step: Step
    intro_text = ""  # marked with N_, translated when the page is built
    changed = Signal()  # validity or busy state changed: the wizard updates Next / Back

    def __init__(self, flow: PurchaseFlow, runners: Runners,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow, self.runners = flow, runners
        self.heading = emphasised(PlainLabel(f"{flow.number(self.step)}.  "
                                             f"{flow.heading(self.step)}"), 1.35)
        self.intro = muted(PlainLabel(_(self.intro_text), wrap=True))
        self.intro.setVisible(bool(self.intro_text))
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        self.busy = BusyIndicator()
        self.errors = ErrorBox()
        self.note = PlainLabel(wrap=True)
        self.note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 8)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.busy)
        layout.addWidget(self.errors)
        self._task: Task | None = None
        self._cancel_pressed: Task | None = None  # the task the app's Cancel was pressed for
        self.busy.cancel_requested.connect(self._cancel_pressed_now)  # before the task's own

    def _cancel_pressed_now(self) -> None:
        self._cancel_pressed = self._task

    # ----- for subclasses ----------------------------------------------------------------------
    def enter(self) -> None:
        """Called when the page becomes current."""
        self.show_flow()

    def show_flow(self) -> None:
        """Show `flow.data`."""

    @property
    def working(self) -> bool:
        return self._task is not None

    def run(self, fn: Callable[..., Any], busy: str, on_done: Callable[[Any], None] | None = None,
            *, device: bool, cancellable: bool = True,
            on_error: Callable[[BaseException], bool] | None = None, quiet: bool = False) -> Task:
        """Run `fn` off the UI thread; `on_done(result)` on success. `on_error` may take an error
        (return True) before it goes to the error box. `quiet`: a background refresh, no busy
        state shown."""
        runner = self.runners.device if device else self.runners.network
        if not quiet:
            self.errors.clear()
            self.show_note("")
        task = runner.submit(fn, name=busy)
        self._task = task
        self.flow.state(self.step).busy = busy
        # the device is told first: Cancel also cancels the task, whose end disconnects this
        # (connected after it, it was never called — the device kept asking)
        if device and cancellable and self.runners.on_cancel_device is not None:
            self.busy.cancel_requested.connect(self.runners.on_cancel_device)
        if not quiet:
            self.busy.start(busy, task if cancellable else None)

        def finished() -> None:
            if self._task is task:
                self._task = None
                self.flow.state(self.step).busy = ""
                if quiet:
                    return
                if device and cancellable and self.runners.on_cancel_device is not None:
                    self.busy.cancel_requested.disconnect(self.runners.on_cancel_device)
                self.busy.stop()

        def succeeded(result: object) -> None:
            finished()
            if on_done is not None:
                on_done(result)
            self._refresh()

        def failed(exc: BaseException) -> None:
            finished()
            if on_error is None or not on_error(exc):
                self.show_error(exc)
            self._refresh()

        def cancelled() -> None:
            was_ours = self._task is task
            finished()
            if was_ours:
                pressed_here = self._cancel_pressed is task  # else: rejected on the device
                self.show_note(_(self.runners.cancel_note) if device and pressed_here
                               else _(CANCELLED_ON_DEVICE) if device else _("Cancelled."))
            self._refresh()

        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.cancelled.connect(cancelled)
        self._refresh()
        return task

    def show_error(self, exc: BaseException) -> None:
        message, details = explain(exc)
        self.flow.state(self.step).error = message
        self.errors.show_error(message, details)

    def show_note(self, text: str) -> None:
        self.flow.state(self.step).note = text
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _refresh(self) -> None:
        self.show_flow()
        self.changed.emit()


LONG = 44  # characters: longer tokens (keys, signatures) are broken into lines to fit


def breakable(text: str, width: int = LONG) -> str:
    """Long tokens on several lines, so a window stays narrow (a QLabel wraps only at spaces)."""
    lines = []
    for word in text.split(" "):
        while len(word) > width:
            lines.append(word[:width] + "\n")
            word = word[width:]
        lines.append(word)
    return " ".join(lines).replace("\n ", "\n")


def card(*widgets: QWidget) -> QFrame:
    """A light frame around things that belong together (the address, the message)."""
    frame = palette.tinted(QFrame(), "card", background=palette.WIZARD_CARD_BG,
                           border=palette.WIZARD_CARD_BORDER)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


def value_label(text: str = "", *, mono: bool = True) -> PlainLabel:
    """Server and device text: plain, selectable, wrapping anywhere (addresses have no spaces)."""
    label = PlainLabel(text, selectable=True, wrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if mono:
        label.setStyleSheet(MONO)
    return label
