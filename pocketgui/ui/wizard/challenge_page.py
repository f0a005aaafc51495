"""A page that has something signed over Pocket's challenge: its countdown and its renewal.

Both branches' sign pages (the device's, the lightning node's) count the challenge's life down
and renew it when it runs out (an expired challenge is a new one, not a dead end); the request
goes to the network runner, never the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent

from pocketgui.flow.model import PurchaseFlow
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.page import Runners, WizardPage


def countdown(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class ChallengePage(WizardPage):
    """Subclasses place `self.expiry` and render the message in `show_flow()`."""

    renewed_note = N_("The challenge expired and was renewed: sign the new message.")

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.expiry = muted(PlainLabel())
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def enter(self) -> None:
        super().enter()
        self.timer.start()
        if self.flow.challenge_seconds_left() <= 0 and not self.working:
            self.renew()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def renew(self) -> None:
        self.run(self.flow.ensure_challenge, _("Asking Pocket for a challenge…"), device=False)

    def _tick(self) -> None:
        left = self.flow.challenge_seconds_left()
        if self.flow.data.challenge is not None and left <= 0 and not self.working:
            self.run(self.flow.renew_challenge, _("Renewing the expired challenge…"),
                     device=False, on_done=lambda _result: self.show_note(_(self.renewed_note)))
            return
        self.show_expiry(left)
        self.changed.emit()

    def show_expiry(self, left: float) -> None:
        if self.flow.data.challenge is None:
            self.expiry.setText("")
        else:
            self.expiry.setText(_("This challenge expires in {time} (a new one is requested "
                                  "automatically).").format(time=countdown(left)))
