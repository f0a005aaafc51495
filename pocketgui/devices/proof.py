"""Proof of ownership of the payout address, done on the hardware wallet.

In order: read the account key; derive the receive address locally; have the device show that
address (the person compares it with the app and confirms); check the device showed the
derived address; sign the challenge at the address's full path; verify the signature locally.
Any mismatch stops with AddressMismatch / SignatureMismatch and nothing is sent anywhere. The
address is checked right after it is shown, so the person is never asked to sign for an
address that did not match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from embit import script

from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.messages import verify_message
from pocketgui.bitcoin.networks import Network
from pocketgui.devices.base import Account, HardwareWallet, relative_path
from pocketgui.devices.errors import AddressMismatch, SignatureMismatch

CHALLENGE = "I confirm my bitcoin wallet. [{token}]"


class ProofStep(Enum):
    """What the operation is doing; the UI shows "confirm on your device" for the middle two."""

    READ_KEY = "read_key"
    SHOW_ADDRESS = "show_address"
    SIGN = "sign"
    VERIFY = "verify"


@dataclass(frozen=True)
class PayoutProof:
    """Everything an order's payout method carries, checked."""

    account: Account
    fingerprint: str
    extended_public_key: str
    derivation_path: str  # relative to the key: "0/i"
    full_path: str
    address: str
    displayed_address: str  # as the device showed it (regtest: the device's tb1… form)
    message: str
    signature: str


def challenge_message(token: str) -> str:
    return CHALLENGE.format(token=token)


def same_destination(shown: str, derived: str, network: Network) -> bool:
    """Did the device show the derived address?

    Exactly equal, except on regtest: HWI drives devices with testnet parameters there, so a
    Trezor shows tb1… for the bcrt1… address of the same key; the output script must match.
    """
    if shown == derived:
        return True
    if network is not Network.REGTEST:
        return False
    try:
        return bool(
            script.address_to_scriptpubkey(shown) == script.address_to_scriptpubkey(derived)
        )
    except Exception:  # embit raises assorted errors for text that is not an address
        return False


def prove_payout(
    wallet: HardwareWallet,
    account: Account,
    token: str,
    index: int = 0,
    on_step: Callable[[ProofStep], None] | None = None,
) -> PayoutProof:
    """Run the whole proof on `wallet`; raises AddressMismatch, SignatureMismatch, DeviceError,
    or UserCancelled."""

    def step(name: ProofStep) -> None:
        if on_step is not None:
            on_step(name)

    step(ProofStep.READ_KEY)
    key = wallet.account_key(account)
    address = key.address(index)

    step(ProofStep.SHOW_ADDRESS)
    shown = wallet.display_address(account, index)
    if not same_destination(shown, address, account.network):
        raise AddressMismatch(f"device showed {shown}, derived {address}")

    message = challenge_message(token)
    step(ProofStep.SIGN)
    signature = wallet.sign_message(account, index, message)

    step(ProofStep.VERIFY)
    try:
        valid = verify_message(address, message, signature, account.network)
    except BitcoinError as exc:
        raise SignatureMismatch(f"unreadable signature: {exc}") from exc
    if not valid:
        raise SignatureMismatch(f"signature does not verify for {address}")

    return PayoutProof(
        account=account,
        fingerprint=key.fingerprint,
        extended_public_key=key.extended_public_key,
        derivation_path=relative_path(index),
        full_path=account.address_path(index),
        address=address,
        displayed_address=shown,
        message=message,
        signature=signature,
    )
