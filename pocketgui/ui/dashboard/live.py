"""`TrackerBridge`: the tracker's callbacks, carried from its threads to the UI thread.

The tracker calls subscribers and alarms on its polling thread or a webhook thread. Widgets may
only be touched on the UI thread, so the bridge reads the changed purchase from the store right
there (off the UI thread) and emits it through Qt signals, which queue it to the thread the
bridge lives in. `close()` unsubscribes (the tracker outlives the dashboard when the app keeps
tracking in the tray); a callback already under way on the tracker's thread then emits nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pocketgui.api.models import Exchange, ExchangeStatus
from pocketgui.history import Purchase
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker


class TrackerBridge(QObject):
    changed = Signal(object, str)  # Purchase, the new state
    alarmed = Signal(object, str, str)  # Purchase, flag, the tracker's explanation

    def __init__(self, tracker: ExchangeTracker, store: Store,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.tracker = store, tracker
        self.closed = False
        tracker.subscribe(self._on_change)
        tracker.on_alarm(self._on_alarm)

    def close(self) -> None:
        self.closed = True
        self.tracker.unsubscribe(self._on_change)
        self.tracker.remove_alarm(self._on_alarm)

    def _purchase(self, exchange_id: str) -> Purchase | None:
        stored = None if self.closed else self.store.get_exchange(exchange_id)
        return Purchase.from_stored(stored) if stored is not None else None

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
