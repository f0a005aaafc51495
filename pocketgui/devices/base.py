"""The interface the UI depends on: hardware wallets, their accounts, and what they answer.

Implemented over HWI by `devices.hwi`; a UI test can give the wizard any other implementation.
Every method blocks its caller until the device has answered (or raised a DeviceError /
UserCancelled), so the UI calls it from a worker, never from the UI thread. Methods that wait
for the person to press a button on the device are marked "person confirms".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from pocketgui.bitcoin.keys import derive_address
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.devices.errors import DeviceError, UserCancelled

# The blank keypad the UI draws for a PIN matrix, top row first: a click on row r, column c
# sends PIN_KEYPAD[r][c] (the device shows its scrambled digits at the same places).
PIN_KEYPAD = ("789", "456", "123")
PURPOSE = {ScriptType.P2WPKH: 84, ScriptType.P2SH_P2WPKH: 49, ScriptType.P2PKH: 44}
# SLIP-132 version names for the account key an order carries: the version says the type.
KEY_VERSION = {
    (ScriptType.P2PKH, True): "xpub",
    (ScriptType.P2SH_P2WPKH, True): "ypub",
    (ScriptType.P2WPKH, True): "zpub",
    (ScriptType.P2PKH, False): "tpub",
    (ScriptType.P2SH_P2WPKH, False): "upub",
    (ScriptType.P2WPKH, False): "vpub",
}


@dataclass(frozen=True)
class Account:
    """A BIP-44/49/84 account: m/purpose'/coin'/index'. Native segwit on mainnet by default."""

    script_type: ScriptType = ScriptType.P2WPKH
    index: int = 0
    network: Network = Network.MAINNET

    def __post_init__(self) -> None:
        if not 0 <= self.index < 2**31:
            raise ValueError("account index must be between 0 and 2^31-1")

    @property
    def coin_type(self) -> int:
        return 0 if self.network is Network.MAINNET else 1  # testnet and regtest share 1

    @property
    def path(self) -> str:
        return f"m/{PURPOSE[self.script_type]}h/{self.coin_type}h/{self.index}h"

    def address_path(self, index: int, change: int = 0) -> str:
        """Full path of a receive (change=0) or change (1) address."""
        return f"{self.path}/{relative_path(index, change)}"

    @property
    def key_version(self) -> str:
        return KEY_VERSION[(self.script_type, self.network is Network.MAINNET)]


def relative_path(index: int, change: int = 0) -> str:
    """The `derivation_path` an order carries: relative to the account key, non-hardened."""
    if change not in (0, 1) or not 0 <= index < 2**31:
        raise ValueError("change is 0 or 1, index between 0 and 2^31-1")
    return f"{change}/{index}"


@dataclass(frozen=True)
class AccountKey:
    """An account's extended public key as read from the device."""

    account: Account
    fingerprint: str  # master key fingerprint, 8 hex digits
    extended_public_key: str  # SLIP-132 version of the script type (zpub/vpub…): what orders carry
    device_xpub: str  # exactly as HWI returned it (xpub/tpub)

    def address(self, index: int, change: int = 0) -> str:
        """Receive address at `index`, derived locally (no device involved)."""
        return derive_address(
            self.extended_public_key,
            relative_path(index, change),
            self.account.script_type,
            self.account.network,
        )


@dataclass(frozen=True)
class DeviceInfo:
    """One entry of the device list."""

    type: str  # HWI device type: trezor, ledger, coldcard, bitbox02, jade, keepkey…
    path: str  # HWI path (USB path, or udp:host:port for a Trezor emulator/simulator)
    model: str | None = None
    label: str | None = None
    fingerprint: str | None = None  # None while locked (or not readable)
    needs_pin: bool = False  # locked: prompt_pin / send_pin first
    needs_passphrase: bool = False  # passphrase protection on: set_passphrase first
    error: DeviceError | UserCancelled | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.label or (self.model or self.type).replace("_", " ").title()

    @property
    def simulated(self) -> bool:
        """An emulator or simulator (HWI marks their models `…_simulator`): never real funds.
        Only listed by HwiDevices(allow_emulators=True), as in demo mode."""
        return (self.model or "").endswith("_simulator") or self.path.startswith(("udp:", "tcp:"))


class HardwareWallet(ABC):
    """One opened device. Not thread-safe by itself: calls are serialized by the implementation."""

    info: DeviceInfo

    @abstractmethod
    def prompt_pin(self) -> bool:
        """Show the scrambled PIN keypad on the device. False when no PIN is needed now."""

    @abstractmethod
    def send_pin(self, positions: str) -> None:
        """Send the PIN as keypad positions (7 8 9 / 4 5 6 / 1 2 3). Raises WrongPin."""

    @abstractmethod
    def set_passphrase(self, passphrase: str) -> None:
        """Use this BIP-39 passphrase (entered on the host) from now on ("" is a valid one)."""

    @abstractmethod
    def fingerprint(self) -> str:
        """Master key fingerprint (8 hex digits) of the wallet now in use."""

    @abstractmethod
    def account_key(self, account: Account) -> AccountKey:
        """The account's extended public key."""

    @abstractmethod
    def display_address(self, account: Account, index: int) -> str:
        """Show the receive address at `index` on the device; returns what it showed.
        Person confirms."""

    @abstractmethod
    def sign_message(self, account: Account, index: int, message: str) -> str:
        """Base64 signature by the key of that receive address. Person confirms."""

    @abstractmethod
    def close(self) -> None:
        """Release the device."""


class DeviceManager(ABC):
    """Finds and opens hardware wallets."""

    @abstractmethod
    def enumerate(self, passphrase: str | None = None) -> list[DeviceInfo]:
        """Every device found; problems (locked, no permission…) are in each entry's `error`."""

    @abstractmethod
    def open(self, device: DeviceInfo) -> HardwareWallet:
        """A handle to use the device (on the network of each call's Account)."""

    @abstractmethod
    def close(self) -> None:
        """Release every device and the device thread."""
