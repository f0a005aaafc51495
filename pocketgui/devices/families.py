"""What each hardware-wallet family shows and can do, read from HWI 3.2's device code and the
firmwares built here (docs/devices.md has the same table for people).

The app acts on it: it offers an account only of the script types the family can show and
sign for, refuses a family that cannot complete the proof (no screen, or a Python module its HWI
code needs is missing), and tells the person before signing exactly what their device will
show. Sources, per row: hwilib/devices/<family>.py (`display_singlesig_address`,
`sign_message`, `enumerate`: PIN and passphrase handling) and the firmware's message-signing
screen (Trezor One: legacy/firmware/fsm_msg_coin.h; KeepKey: lib/firmware/fsm_msg_coin.h;
Coldcard: shared/auth.py), and for the rest the vendor's documented behaviour.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from enum import Enum

from pocketgui.bitcoin.networks import ScriptType
from pocketgui.i18n.catalog import _

ALL_TYPES = frozenset(ScriptType)
SEGWIT_TYPES = frozenset({ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH})


class PinEntry(Enum):
    HOST_MATRIX = "a scrambled keypad on the device, positions clicked in the app"
    ON_DEVICE = "on the device"
    ON_DEVICE_WITH_PIN_SERVER = "on the device, checked by Blockstream's PIN server (internet)"
    NONE = "none"


class PassphraseEntry(Enum):
    HOST = "typed in the app"
    ON_DEVICE = "on the device"
    NONE = "none"


class SigningScreen(Enum):
    """What the device shows while it signs the challenge."""

    ADDRESS_AND_MESSAGE = "the address it signs for, and the message"
    MESSAGE_ONLY = "only the message"
    MESSAGE_AND_PATH = "the message and the key's path, not the address"
    NOTHING = "nothing (no screen)"


@dataclass(frozen=True)
class Family:
    type: str  # HWI's device type
    name: str
    screen: bool
    script_types: frozenset[ScriptType]  # what it can show and sign a message for
    pin: PinEntry
    passphrase: PassphraseEntry
    signing_screen: SigningScreen
    signs_own_type: bool  # the signature says the address type (BIP-137 35–42), not legacy
    needs_modules: tuple[str, ...] = ()  # Python modules HWI's code for it needs at run time
    note: str = ""

    def refusal(self) -> str:
        """Why this family cannot prove a payout address here; "" when it can."""
        if not self.screen:
            return _("A {device} has no screen: it cannot show you the payout address or "
                     "what it signs, so it cannot prove the address is yours. Use a wallet "
                     "with a screen.").format(device=self.name)
        missing = [m for m in self.needs_modules if importlib.util.find_spec(m) is None]
        if missing:
            return _("A {device} unlocks through its PIN server, which needs the Python "
                     "package {package}; this installation lacks it.").format(
                         device=self.name, package=", ".join(missing))
        return ""

    def offers(self, script_type: ScriptType) -> bool:
        return script_type in self.script_types

    def signing_notice(self, address: str, path: str) -> str:
        """What the person is told before signing: exactly what their device will show."""
        shows = self.signing_screen
        if shows is SigningScreen.ADDRESS_AND_MESSAGE:
            return _("Your {device} shows the address it signs for — {address}, the one you "
                     "confirmed — and then the message. Check both, then confirm.").format(
                         device=self.name, address=address)
        if shows is SigningScreen.MESSAGE_ONLY:
            return _("Your {device} shows only the message, not the address: that is "
                     "expected. Check the message, then confirm.").format(device=self.name)
        if shows is SigningScreen.MESSAGE_AND_PATH:
            return _("Your {device} shows the message and the key's path {path}, not the "
                     "address: that is expected. Check both, then confirm.").format(
                         device=self.name, path=path)
        return ""


FAMILIES: dict[str, Family] = {
    f.type: f
    for f in (
        Family("trezor", "Trezor", True, ALL_TYPES, PinEntry.HOST_MATRIX, PassphraseEntry.HOST,
               SigningScreen.ADDRESS_AND_MESSAGE, True,
               note="Trezor One: PIN matrix and passphrase on the host; Model T and Safe: "
                    "both on the device. Signed with the address's script type (trezorlib)."),
        Family("keepkey", "KeepKey", True, ALL_TYPES, PinEntry.HOST_MATRIX,
               PassphraseEntry.HOST, SigningScreen.MESSAGE_ONLY, True,
               note="Its SignMessage takes the script type (trezorlib's message) but its "
                    "screen shows only the message."),
        Family("coldcard", "Coldcard", True, ALL_TYPES, PinEntry.ON_DEVICE,
               PassphraseEntry.ON_DEVICE, SigningScreen.ADDRESS_AND_MESSAGE, True,
               note="Signed with the address format (ckcc-protocol AF_P2WPKH, AF_P2WPKH_P2SH): "
                    "'Ok to sign this? … Using the key associated with address: …'."),
        Family("bitbox02", "BitBox02", True, SEGWIT_TYPES, PinEntry.ON_DEVICE,
               PassphraseEntry.ON_DEVICE, SigningScreen.ADDRESS_AND_MESSAGE, False,
               note="No legacy addresses; signs messages only at 49'/84' paths (HWI)."),
        Family("jade", "Jade", True, ALL_TYPES, PinEntry.ON_DEVICE_WITH_PIN_SERVER,
               PassphraseEntry.ON_DEVICE, SigningScreen.MESSAGE_AND_PATH, False,
               needs_modules=("requests",),
               note="HWI's jadepy reaches the PIN server only when `requests` is installed."),
        Family("ledger", "Ledger", True, ALL_TYPES, PinEntry.ON_DEVICE,
               PassphraseEntry.ON_DEVICE, SigningScreen.MESSAGE_AND_PATH, False,
               note="The Bitcoin app (Bitcoin Test on testnet/regtest) must be open."),
        Family("digitalbitbox", "Digital Bitbox", False, ALL_TYPES, PinEntry.ON_DEVICE,
               PassphraseEntry.HOST, SigningScreen.NOTHING, False,
               note="No screen: refused."),
    )
}


def family(device_type: str) -> Family:
    """The family of an HWI device type; an unknown type is assumed to have a screen and show
    the message and path (the most common case), so the person is never told too much."""
    known = FAMILIES.get(device_type)
    if known is not None:
        return known
    return Family(device_type, device_type.replace("_", " ").title(), True, ALL_TYPES,
                  PinEntry.ON_DEVICE, PassphraseEntry.ON_DEVICE,
                  SigningScreen.MESSAGE_AND_PATH, False)
