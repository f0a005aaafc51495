"""Where the person buys: Demo (the embedded sandbox on regtest), Staging or Production.

The session is assembled for one of them (`purchases.session`); Demo maps to the api layer's
sandbox environment. Defined here, not taken from `pocketgui.api`, so the first window paints
before httpx is imported (`pocketgui.ui.modes` re-exports it for the UI).
"""

from __future__ import annotations

from enum import StrEnum

from pocketgui.i18n.catalog import N_


class Mode(StrEnum):
    DEMO = "demo"
    STAGING = "staging"
    PRODUCTION = "production"

    @property
    def label(self) -> str:
        return {"demo": "Demo", "staging": "Staging", "production": "Production"}[self.value]

    @property
    def description(self) -> str:
        """In English, marked for the catalog: the UI translates it where shown."""
        return {
            "demo": N_("Try everything on this computer: a local Pocket sandbox on regtest and a "
                       "simulated Trezor. No real money, no real bitcoin."),
            "staging": N_("Pocket's test environment, with the client id Pocket gave you for "
                          "integration tests."),
            "production": N_("Buy real bitcoin with Pocket. Your client id is kept in your "
                             "system's keyring."),
        }[self.value]


DEFAULT_MODE = Mode.DEMO  # when nothing is configured
