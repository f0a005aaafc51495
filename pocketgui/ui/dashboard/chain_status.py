"""The dashboard's blockchain status line: the source, its height, the last sync, or what is wrong.

Outside the Demo, with no source chosen, it says plainly what the person will not see (the
payouts Pocket does not announce, the confirmations) and where to choose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QWidget

from pocketgui.ui import palette
from pocketgui.ui.settings import NOT_SEEN
from pocketgui.ui.widgets.labels import PlainLabel


@dataclass(frozen=True)
class ChainState:
    """What the status line shows: `source` "" when none is set."""

    source: str = ""
    height: int | None = None
    synced_at: datetime | None = None  # local time of the last complete sync
    error: str = ""  # a sentence a person can act on; "" when the last sync went well
    syncing: bool = False


def status_text(state: ChainState) -> str:
    if not state.source:
        return NOT_SEEN
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
        self.show_state(self.state)

    def show_state(self, state: ChainState) -> None:
        self.state = state
        self.setText(status_text(state))
        self.setStyleSheet(palette.WARN_TEXT if not state.source
                           else palette.BAD_TEXT if state.error else palette.QUIET_TEXT)
