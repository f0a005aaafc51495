"""The hardware wallet as `prove_payout` sees it once the person confirmed the address.

`prove_payout` reads the key, shows the address and signs, in that order; the wizard has done
the first two already (on earlier pages), so this wrapper answers them from what the device
said then, and only the signature goes to the device.
"""

from __future__ import annotations

from pocketgui.devices.base import Account, AccountKey, HardwareWallet


class ConfirmedWallet(HardwareWallet):
    """The wallet as `prove_payout` sees it once the person has confirmed the address: the key
    and the shown address are what the device already answered (they are not asked twice);
    signing goes to the device."""

    def __init__(self, wallet: HardwareWallet, key: AccountKey, shown: str) -> None:
        self.info, self._wallet, self._key, self._shown = wallet.info, wallet, key, shown

    def prompt_pin(self) -> bool:
        return self._wallet.prompt_pin()

    def send_pin(self, positions: str) -> None:
        self._wallet.send_pin(positions)

    def set_passphrase(self, passphrase: str) -> None:
        self._wallet.set_passphrase(passphrase)

    def fingerprint(self) -> str:
        return self._key.fingerprint

    def account_key(self, account: Account) -> AccountKey:
        return self._key

    def display_address(self, account: Account, index: int) -> str:
        return self._shown

    def sign_message(self, account: Account, index: int, message: str) -> str:
        return self._wallet.sign_message(account, index, message)

    def close(self) -> None:
        """The real wallet stays open: the flow owns it."""
