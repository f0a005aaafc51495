"""One hardware wallet over HWI: its HWI client, kept between calls, and each operation.

Every operation runs on the device thread (executor.py) with a timeout, inside `hwi_errors`.
The HWI client is kept per device and network between calls (a new client re-enumerates USB)
and dropped after any error, so a device that went away is looked up afresh. Two HWI
behaviours are handled here:
- `commands.get_client` finds a `udp:` Trezor only on port 21324, so for other ports the
  Trezor client is built with HWI's own `sim_path` argument;
- messages are signed for the address's own script type where the firmware allows it
  (message_signing.py): HWI's `signmessage` asks for the legacy address's signature;
- HWI's Trezor `displayaddress` turns any failure of the device call — the person pressing
  reject included — into BadArgumentError; the device is then probed: still there means the
  person refused (UserCancelled), gone means DeviceDisconnected.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from embit import bip32
from embit.networks import NETWORKS
from hwilib import commands
from hwilib import errors as hwe
from hwilib.common import AddressType, Chain
from hwilib.hwwclient import HardwareWalletClient

from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.devices import errors as e
from pocketgui.devices.base import Account, AccountKey, DeviceInfo, HardwareWallet
from pocketgui.devices.executor import DeviceExecutor
from pocketgui.devices.hwi_errors import hwi_errors
from pocketgui.devices.message_signing import sign_message

T = TypeVar("T")
CHAINS = {Network.MAINNET: Chain.MAIN, Network.TESTNET: Chain.TEST, Network.REGTEST: Chain.REGTEST}
ADDRESS_TYPES = {
    ScriptType.P2WPKH: AddressType.WIT,
    ScriptType.P2SH_P2WPKH: AddressType.SH_WIT,
    ScriptType.P2PKH: AddressType.LEGACY,
}
EMBIT_NETWORKS = {Network.MAINNET: "main", Network.TESTNET: "test", Network.REGTEST: "regtest"}
EMBIT_VERSION = {
    ScriptType.P2PKH: "xpub",
    ScriptType.P2SH_P2WPKH: "ypub",
    ScriptType.P2WPKH: "zpub",
}
TREZOR_FAMILY = {"trezor", "keepkey"}


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for the device thread."""

    enumerate: float = 30.0
    read: float = 30.0  # no button press needed (some devices still ask for xpubs)
    person: float = 180.0  # the person reads the screen and presses a button
    probe: float = 5.0


def versioned_key(xpub: str, account: Account) -> str:
    """The same key with the SLIP-132 version of the account's script type (zpub, vpub…)."""
    key = bip32.HDKey.from_string(xpub)
    # embit names the versions by their mainnet name in every network's table
    version = NETWORKS[EMBIT_NETWORKS[account.network]][EMBIT_VERSION[account.script_type]]
    return str(key.to_base58(version=version))


class HwiWallet(HardwareWallet):
    def __init__(self, info: DeviceInfo, executor: DeviceExecutor, timeouts: Timeouts) -> None:
        self.info = info
        self._executor = executor
        self._timeouts = timeouts
        self._client: HardwareWalletClient | None = None
        self._chain: Chain | None = None
        self._passphrase: str | None = None
        self._fingerprints: dict[tuple[str | None, Chain], str] = {}
        self._in_call = False  # a call runs on the device thread (set and cleared there)

    # ----- the interface -----------------------------------------------------------------------
    def prompt_pin(self) -> bool:
        def job(client: HardwareWalletClient) -> bool:
            # HWI prints its command line's "Use 'sendpin' …" and keypad help to stderr on
            # every prompt: words for its CLI users, noise in this app's terminal and logs
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    return bool(commands.prompt_pin(client)["success"])
            except hwe.DeviceAlreadyUnlockedError:
                return False

        return self._run(job, self._timeouts.read, Chain.MAIN)

    def send_pin(self, positions: str) -> None:
        if not positions.isdigit() or "0" in positions:
            raise e.WrongPin("positions are digits 1-9")
        if not self._run(lambda c: commands.send_pin(c, positions)["success"], self._timeouts.read):
            raise e.WrongPin("the device refused the PIN")
        self.info = replace(self.info, needs_pin=False, error=None)

    def set_passphrase(self, passphrase: str) -> None:
        self._executor.run(self._drop_client, self._timeouts.probe)
        self._passphrase = passphrase
        self.info = replace(self.info, needs_passphrase=False)

    def fingerprint(self) -> str:
        self._require_passphrase()
        return self._run(self._fingerprint, self._timeouts.read)

    def account_key(self, account: Account) -> AccountKey:
        self._require_passphrase()

        def job(client: HardwareWalletClient) -> tuple[str, str]:
            return commands.getxpub(client, account.path)["xpub"], self._fingerprint(client)

        xpub, fingerprint = self._run(job, self._timeouts.read, CHAINS[account.network])
        return AccountKey(account, fingerprint, versioned_key(xpub, account), xpub)

    def display_address(self, account: Account, index: int) -> str:
        self._require_passphrase()
        path = account.address_path(index)

        def job(client: HardwareWalletClient) -> str:
            try:
                shown = commands.displayaddress(
                    client, path=path, addr_type=ADDRESS_TYPES[account.script_type]
                )
                return str(shown["address"])
            except hwe.BadArgumentError as exc:
                if self.info.type not in TREZOR_FAMILY:
                    raise
                if self._reachable():
                    raise e.UserCancelled("the device did not confirm the address") from exc
                raise e.DeviceDisconnected("gone while showing the address") from exc

        return self._run(job, self._timeouts.person, CHAINS[account.network])

    def sign_message(self, account: Account, index: int, message: str) -> str:
        self._require_passphrase()
        path = account.address_path(index)
        return self._run(
            lambda c: sign_message(c, self.info.type, path, message, account.script_type),
            self._timeouts.person,
            CHAINS[account.network],
        )

    def cancel_prompt(self) -> None:
        """From any thread: a call waiting for the person (confirm an address, sign) is
        cancelled on the device itself (`_abort`), so the device stops asking and the call
        returns UserCancelled; nothing when no call is running."""
        if self._in_call:
            self._abort()

    def close(self) -> None:
        # a prompt still open would hold the device thread (and this close) for `probe` seconds
        self.cancel_prompt()
        try:
            self._executor.run(self._drop_client, self._timeouts.probe, abort=self._abort)
        except (e.DeviceError, RuntimeError):
            pass

    # ----- on the device thread ----------------------------------------------------------------
    def _run(
        self,
        job: Callable[[HardwareWalletClient], T],
        timeout: float,
        chain: Chain | None = None,
    ) -> T:
        @hwi_errors
        def call() -> T:
            self._in_call = True
            try:
                return job(self._connect(chain))
            except Exception:
                self._drop_client()  # a fresh client next time: HWI state may be half-way
                raise
            finally:
                self._in_call = False

        try:
            return self._executor.run(call, timeout, abort=self._abort)
        except e.DeviceTimeout:
            if not self._executor.run(self._reachable, self._timeouts.probe):
                raise e.DeviceDisconnected(f"no answer within {timeout:g} s, and gone") from None
            raise

    def _connect(self, chain: Chain | None) -> HardwareWalletClient:
        chain = chain or self._chain or Chain.MAIN
        if self._client is not None and self._chain == chain:
            return self._client
        self._drop_client()
        try:
            client = self._new_client(chain)
        except hwe.BadArgumentError as exc:  # HWI: "Could not find device by path"
            raise e.DeviceNotFound(str(exc)) from exc
        except Exception as exc:  # ckcc: RuntimeError when the simulator's socket is gone
            if not self._reachable():
                raise e.DeviceDisconnected(f"{type(exc).__name__}: {exc}") from exc
            raise
        if client is None:
            raise e.DeviceNotFound(f"no {self.info.type} at {self.info.path}")
        self._client, self._chain = client, chain
        return client

    def _new_client(self, chain: Chain) -> HardwareWalletClient | None:
        if self.info.type == "trezor" and self.info.path.startswith("udp:"):
            from hwilib.devices.trezor import TrezorClient

            sim_path = self.info.path.removeprefix("udp:")
            return TrezorClient(self.info.path, self._passphrase, chain=chain, sim_path=sim_path)
        return commands.get_client(self.info.type, self.info.path, self._passphrase, chain=chain)

    def _fingerprint(self, client: HardwareWalletClient) -> str:
        key = (self._passphrase, client.chain)
        if key not in self._fingerprints:
            self._fingerprints[key] = client.get_master_fingerprint().hex()
        return self._fingerprints[key]

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.close()
            except Exception:
                pass

    def _reachable(self) -> bool:
        """Is the device still there? Asks HWI's transport layer (USB lists, UDP ping); a
        Coldcard simulator is there while its Unix socket is."""
        if self.info.type == "coldcard" and self.info.path.startswith("/"):
            return os.path.exists(self.info.path)
        if self.info.type not in TREZOR_FAMILY:
            return True  # no cheap probe: a timeout stays a timeout
        from hwilib.devices import keepkey, trezor  # keepkey adds its USB ids to trezor's

        if self.info.path.startswith("udp:"):
            sim_path = self.info.path.removeprefix("udp:")
        elif self.info.type == "keepkey":
            sim_path = keepkey.KEEPKEY_SIMULATOR_PATH
        else:
            sim_path = trezor.SIMULATOR_PATH
        try:
            trezor.get_path_transport(self.info.path, trezor.HID_IDS, trezor.WEBUSB_IDS, sim_path)
        except hwe.BadArgumentError:
            return False
        return True

    def _abort(self) -> None:
        """Called from the waiting thread on timeout, to make HWI's blocked read return.

        A Trezor-family device gets Cancel on the open transport, as Trezor's host library
        cancels: a device that is there answers Failure(ActionCancelled); one that is gone
        makes the socket report an error. Other families: close the client.
        """
        client = self._client
        cancel = getattr(getattr(client, "client", None), "cancel", None)
        try:
            if callable(cancel):
                cancel()
            elif client is not None:
                client.close()
        except Exception:
            pass

    def _require_passphrase(self) -> None:
        if self.info.needs_passphrase and self._passphrase is None:
            raise e.NeedsPassphrase("passphrase protection is on; call set_passphrase")
