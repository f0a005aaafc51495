"""The dashboard's blockchain status line: the source, its height, the last sync, or what is wrong.

Outside the Demo, with no source chosen, it says plainly what the person will not see and where
to set it up (`settings.missing_news`): with a relay, the payouts come as Pocket's word only;
with neither, nothing new reaches the computer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from PySide6.QtWidgets import QWidget

from pocketgui.i18n.catalog import N_, _
from pocketgui.i18n.formatting import format_number
from pocketgui.ui import palette
from pocketgui.ui.settings import missing_news
from pocketgui.ui.widgets.labels import PlainLabel


@dataclass(frozen=True)
class ChainState:
    """What the status line shows: `source` "" when none is set."""

    source: str = ""
    height: int | None = None
    synced_at: datetime | None = None  # local time of the last complete sync
    error: str = ""  # a sentence a person can act on; "" when the last sync went well
    syncing: bool = False


CHAIN_BY_RELAY = N_("Blockchain: no source chosen. Payouts and confirmations come through the "
                    "relay, as Pocket reports them; to see them on the blockchain yourself, "
                    "choose your own Electrum server in Settings → Blockchain.")  # shown: _()


def status_text(state: ChainState, relay: bool = False) -> str:
    if not state.source:
        return _(CHAIN_BY_RELAY) if relay else missing_news(relay=False, chain=False)
    # a list of facts, each its own message (not a sentence glued from pieces)
    parts = [_("Blockchain: {source}").format(source=state.source)]
    if state.height is not None:
        parts.append(_("height {height}").format(height=format_number(Decimal(state.height), 0)))
    if state.synced_at is not None:
        parts.append(_("last sync {time}").format(time=f"{state.synced_at:%H:%M:%S}"))
    if state.syncing:
        parts.append(_("syncing…"))
    elif state.synced_at is None and not state.error:
        parts.append(_("connecting…"))
    text = " · ".join(parts)
    return _("{status}. {problem}").format(status=text, problem=state.error) if state.error \
        else text


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
