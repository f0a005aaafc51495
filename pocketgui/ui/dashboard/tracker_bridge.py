"""`TrackerBridge`: the tracker's callbacks, carried from its threads to the UI thread.

The tracker calls subscribers and alarms on its polling thread or a webhook thread. Widgets may
only be touched on the UI thread, so the bridge reads the changed purchase through the purchases
core right there (off the UI thread) and emits it through Qt signals, which queue it to the
thread the bridge lives in. `close()` unsubscribes (the tracker outlives the dashboard when the
app keeps tracking in the tray); a callback already under way on the tracker's thread then emits
nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pocketgui.api.models import Exchange, ExchangeStatus
from pocketgui.history.purchases import Purchase
from pocketgui.purchases.core import PurchasesCore


class TrackerBridge(QObject):
    changed = Signal(object, str)  # Purchase, the new state
    alarmed = Signal(object, str, str)  # Purchase, flag, the tracker's explanation

    def __init__(self, core: PurchasesCore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core, self.tracker = core, core.tracker
        self.closed = False
        self.tracker.subscribe(self._on_change)
        self.tracker.on_alarm(self._on_alarm)

    def close(self) -> None:
        self.closed = True
        self.tracker.unsubscribe(self._on_change)
        self.tracker.remove_alarm(self._on_alarm)

    def _purchase(self, exchange_id: str) -> Purchase | None:
        return None if self.closed else self.core.purchase(exchange_id)

    def _on_change(self, exchange_id: str, old: ExchangeStatus | None, new: ExchangeStatus,
                   exchange: Exchange) -> None:
        purchase = self._purchase(exchange_id)
        if purchase is not None and not self.closed:
            self.changed.emit(purchase, new.value)

    def _on_alarm(self, exchange_id: str, flag: str, explanation: str,
                  exchange: Exchange) -> None:
        purchase = self._purchase(exchange_id)
        if purchase is not None and not self.closed:
            self.alarmed.emit(purchase, flag, explanation)
