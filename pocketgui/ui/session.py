"""Where the session reads the blockchain: the one part of the session that needs the settings.

The session itself is Qt-free (`pocketgui.purchases.session`); the chain source the person chose
lives in the UI's settings (`ui.settings.ChainChoice`), so the choice is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pocketgui.purchases.session import Session
    from pocketgui.ui.settings import ChainChoice, Settings


def chain_choice(session: Session, settings: Settings | None) -> ChainChoice:
    """Demo: the sandbox's own Electrum server (plain TCP on loopback; its Esplora API when the
    demo runs none); elsewhere the person's choice for this environment, or none."""
    from pocketgui.ui.settings import ELECTRUM, ESPLORA, ChainChoice

    if session.demo is not None:
        sandbox = session.demo.sandbox
        if sandbox.electrum_port is None:
            return ChainChoice(ESPLORA, url=sandbox.esplora_url)
        return ChainChoice(ELECTRUM, sandbox.config.host, sandbox.electrum_port, tls=False)
    return settings.chain_of(session.mode.value) if settings is not None else ChainChoice()
