"""The wizard's on-chain branch, Qt-free: the address the device showed and the signature it made.

What the person proves on chain, kept apart from `PurchaseFlow` (which decides when the device
is asked) as `LightningProof` keeps the lightning branch's. Everything here is tied to one
account and index: the address is derived here from the account key, confirmed only when the
device showed that same address, and the signature is the device's over the challenge with
that address's key. Another device, passphrase, account or index drops all of it (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.api.models import OnchainPayoutRequest
from pocketgui.bitcoin.messages import reheader_signature
from pocketgui.bitcoin.networks import ScriptType
from pocketgui.devices.base import AccountKey


@dataclass
class OnchainProof:
    account_key: AccountKey | None = None
    address: str = ""  # derived here from the account key
    displayed_address: str = ""  # as the device showed it (testnet form on regtest)
    address_confirmed: bool = False
    signature: str = ""  # verified here before it is kept (devices.proof.prove_payout)

    def forget(self) -> None:
        """Another device, passphrase, account or index: nothing proved holds any more."""
        self.account_key, self.address, self.displayed_address = None, "", ""
        self.address_confirmed, self.signature = False, ""

    def read(self, key: AccountKey, address: str) -> None:
        self.account_key, self.address = key, address

    def confirm(self, shown: str) -> None:
        """The device showed the derived address (the caller compared them)."""
        self.displayed_address, self.address_confirmed = shown, True

    def bip137_signature(self, script_type: ScriptType) -> str:
        """The signature with the BIP-137 header of the address type (P2PKH has only one)."""
        if script_type is ScriptType.P2PKH:
            return self.signature
        return reheader_signature(self.signature, script_type)

    def payout_request(self, message: str, *, fresh_addresses: bool, address_index: int,
                       gap_limit: int, signature: str | None = None) -> OnchainPayoutRequest:
        """`signature`: the same signature in another header convention than the device's.
        With fresh addresses Pocket derives each payout from the account key at 0/index on."""
        key = self.account_key if fresh_addresses else None
        return OnchainPayoutRequest(
            bitcoin_address=self.address,
            message=message,
            signature=signature or self.signature,
            extended_public_key=key.extended_public_key if key else None,
            derivation_path=f"0/{address_index}" if key else None,
            gap_limit=gap_limit if key else None,
        )
