"""The dashboard's relay status line, under the blockchain's: how the person's relay is (connected
and its last delivery, not reachable since when and why, or untrustworthy), or, outside the
Demo with a blockchain source but no relay, what the person will not see without one.

The feed's `status()` is a snapshot read under a lock (no I/O), so a timer on the UI thread
reads it once a second; with neither a relay nor a blockchain source the blockchain line says
everything and this one hides.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from pocketgui.tracking.relay_feed import CONNECTED, RelayStatus
from pocketgui.ui import palette
from pocketgui.ui.dashboard.chain_status import ChainStatusLine
from pocketgui.ui.settings import missing_news
from pocketgui.ui.widgets.labels import PlainLabel

REFRESH_MS = 1000


def relay_text(status: RelayStatus | None, chain: bool) -> tuple[str, str]:
    """(text, style) of the line; text "" when it has nothing to say."""
    if status is None:
        if chain:
            return missing_news(relay=False, chain=True), palette.WARN_TEXT
        return "", palette.QUIET_TEXT
    if status.untrustworthy:
        return status.text, palette.BAD_TEXT
    style = palette.QUIET_TEXT if status.state == CONNECTED else palette.WARN_TEXT
    return status.text, style


class RelayStatusLine(PlainLabel):
    def __init__(self, chain_line: ChainStatusLine, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, wrap=True, selectable=True)
        self.setObjectName("relayStatus")
        self.chain_line = chain_line
        self.status: Callable[[], RelayStatus] | None = None
        self.following = False  # `follow` was called: outside the Demo (in it, always hidden)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.setVisible(False)

    def follow(self, status: Callable[[], RelayStatus] | None) -> None:
        """Show this relay's status (None: no relay is configured), outside the Demo."""
        self.status, self.following = status, True
        self.chain_line.set_relay(status is not None)
        if status is None:
            self.timer.stop()
        else:
            self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        if not self.following:
            return
        status = self.status() if self.status is not None else None
        text, style = relay_text(status, bool(self.chain_line.state.source))
        self.setText(text)
        self.setStyleSheet(style)
        self.setVisible(bool(text))
