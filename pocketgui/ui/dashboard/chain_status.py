"""The dashboard's blockchain status line: the source, its height, the last sync, or what is wrong.

Outside the Demo, with no source chosen, it says plainly what the person will not see and where
to set it up (`settings.missing_news`): with a relay, the payouts come as Pocket's word only;
with neither, nothing new reaches the computer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QWidget

from pocketgui.ui import palette
from pocketgui.ui.settings import CHAIN_HOW, missing_news
from pocketgui.ui.widgets.labels import PlainLabel


@dataclass(frozen=True)
class ChainState:
    """What the status line shows: `source` "" when none is set."""

    source: str = ""
    height: int | None = None
    synced_at: datetime | None = None  # local time of the last complete sync
    error: str = ""  # a sentence a person can act on; "" when the last sync went well
    syncing: bool = False


CHAIN_BY_RELAY = ("Blockchain: no source chosen. Payouts and confirmations come through the "
                  "relay, as Pocket reports them; to see them on the blockchain yourself, "
                  f"{CHAIN_HOW}.")


def status_text(state: ChainState, relay: bool = False) -> str:
    if not state.source:
        return CHAIN_BY_RELAY if relay else missing_news(relay=False, chain=False)
    parts = [f"Blockchain: {state.source}"]
    if state.height is not None:
        parts.append(f"height {state.height:,}")
    if state.synced_at is not None:
        parts.append(f"last sync {state.synced_at:%H:%M:%S}")
    if state.syncing:
        parts.append("syncing…")
    elif state.synced_at is None and not state.error:
        parts.append("connecting…")
    text = " · ".join(parts)
    return f"{text}. {state.error}" if state.error else text


class ChainStatusLine(PlainLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, wrap=True, selectable=True)
        self.setObjectName("chainStatus")
        self.state = ChainState()
        self.relay = False  # a relay is configured (its own line says how it is)
        self.show_state(self.state)

    def show_state(self, state: ChainState) -> None:
        self.state = state
        self.setText(status_text(state, self.relay))
        self.setStyleSheet(palette.WARN_TEXT if not state.source
                           else palette.BAD_TEXT if state.error else palette.QUIET_TEXT)

    def set_relay(self, configured: bool) -> None:
        self.relay = configured
        self.show_state(self.state)
