"""`PurchaseFlow`: the whole wizard as a plain object — steps, data, and the calls each step makes.

The Qt wizard only renders it (Electrum's way): a page reads `flow.data` and `flow.state(step)`,
asks `flow.valid(step)` to enable Next, and runs the blocking methods (marked "blocks") on a
worker. A blocking method does its I/O first and changes `data` only at its end, so the UI
thread, which reads `data` only after the worker has reported back, never sees half a change.
Tests drive the same object with plain pytest against the real sandbox and simulator.

Why the data is invalidated the way it is: everything the device proved is tied to one
account and index, so changing either drops the address, its confirmation and the signature;
the signature is tied to one challenge, so a new challenge drops the signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pocketgui.api.client import PocketClient
from pocketgui.api.errors import ChallengeError, MalformedResponse, OutcomeUnknown, TamperedResponse
from pocketgui.api.models import (
    Challenge,
    Exchange,
    ExchangeStatus,
    OnchainPayout,
    OnchainPayoutRequest,
    Order,
    OrderRequest,
)
from pocketgui.bitcoin import Network, ScriptType, reheader_signature
from pocketgui.devices.base import Account, AccountKey, DeviceInfo, DeviceManager, HardwareWallet
from pocketgui.devices.errors import AddressMismatch
from pocketgui.devices.proof import challenge_message, prove_payout, same_destination
from pocketgui.flow import choices
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.draft import Draft, clear_draft, load_draft, save_draft
from pocketgui.flow.errors import ChallengeExpired, FlowError, SignatureRefused
from pocketgui.flow.iban import check_iban, grouped
from pocketgui.flow.steps import Step, StepState
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.store import Store
from pocketgui.tracking import (
    ExchangeTracker,
    PayoutVerdict,
    check_payout_address,
    new_challenge,
    place_order,
)

CHALLENGE_MARGIN = 20.0  # seconds: a challenge closer to its expiry is renewed before signing


class Outcome(StrEnum):
    CREATED = "created"  # the order exists and its echo matched
    UNKNOWN = "unknown"  # sent, answer lost: it may exist at Pocket
    TAMPERED = "tampered"  # an answer came back that differs from what was sent


@dataclass
class Services:
    """What the flow talks to. `extra_devices`: devices enumerate cannot list (the demo's
    simulator on its own port); `enumerate_devices=False` lists only those."""

    devices: DeviceManager
    pocket: PocketClient
    store: Store
    demo_bank: DemoBank | None = None
    extra_devices: tuple[DeviceInfo, ...] = ()
    enumerate_devices: bool = True
    draft_path: Path | None = None

    @property
    def network(self) -> Network:
        return self.pocket.environment.network

    @property
    def environment(self) -> str:
        return self.pocket.environment.name


@dataclass
class FlowData:
    devices: list[DeviceInfo] = field(default_factory=list)
    device: DeviceInfo | None = None
    fingerprint: str = ""
    script_type: ScriptType = ScriptType.P2WPKH
    account_index: int = 0
    address_index: int = 0
    account_key: AccountKey | None = None
    address: str = ""
    displayed_address: str = ""
    address_confirmed: bool = False
    challenge: Challenge | None = None
    message: str = ""
    signature: str = ""
    currency: str = "EUR"
    iban: str = ""
    fee_rate: Decimal = choices.FEE_DEFAULT
    fresh_addresses: bool = True
    gap_limit: int = choices.DEFAULT_GAP_LIMIT
    affiliate_id: str = ""
    order: Order | None = None
    outcome: Outcome | None = None
    outcome_detail: str = ""
    signature_convention: str = ""  # "device (31–34)" or "BIP-137" once an order was created
    exchanges: dict[str, Exchange] = field(default_factory=dict)
    payout_problems: list[str] = field(default_factory=list)
    resumed: Draft | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


class PurchaseFlow:
    def __init__(self, services: Services, *, tracker: ExchangeTracker | None = None,
                 now: Callable[[], datetime] = utc_now) -> None:
        """`tracker`: the session's (the app's live tracking, which the dashboard listens to),
        so each answer is recorded, checked and announced once; without one the flow keeps
        its own, which only records what the flow itself observes."""
        self.services = services
        self.now = now
        self.step = Step.CONNECT
        self.data = FlowData()
        self.wallet: HardwareWallet | None = None
        self._states = {step: StepState() for step in Step}
        self.tracker = tracker or ExchangeTracker(services.pocket, services.store)
        self.tracker.on_alarm(self._payout_alarm)
        draft = load_draft(services.draft_path)
        if draft is not None and draft.environment == services.environment:
            self._apply_payment_draft(draft)
            self.data.resumed = draft

    # ----- navigation --------------------------------------------------------------------------
    def state(self, step: Step | None = None) -> StepState:
        return self._states[step or self.step]

    @property
    def account(self) -> Account:
        return Account(self.data.script_type, self.data.account_index, self.services.network)

    def valid(self, step: Step | None = None) -> bool:
        step = step or self.step
        d = self.data
        if step is Step.CONNECT:
            return self.wallet is not None and bool(d.fingerprint)
        if step is Step.PAYOUT:
            return d.address_confirmed and bool(d.address)
        if step is Step.PROVE:
            return bool(d.signature) and self.challenge_seconds_left() > 0
        if step is Step.PAYMENT:
            return not self.payment_problems()
        if step is Step.REVIEW:
            return d.outcome is Outcome.CREATED
        return True

    def can_go_next(self) -> bool:
        return self.step is not Step.TRACK and self.valid() and not self.state().busy

    def can_go_back(self) -> bool:
        # once the order exists it cannot be un-created: no way back into its inputs
        return (self.step is not Step.CONNECT and self.data.order is None
                and self.data.outcome is None and not self.state().busy)

    def next(self) -> Step:
        if not self.can_go_next():
            raise FlowError("Finish this step first.")
        self.step = list(Step)[self.step.number]
        return self.step

    def back(self) -> Step:
        if not self.can_go_back():
            raise FlowError("You cannot go back from here.")
        self.step = list(Step)[self.step.number - 2]
        return self.step

    def go_to(self, step: Step) -> None:
        """Jump back to an earlier step whose data became invalid (an expired challenge)."""
        self.step = step

    # ----- connect -----------------------------------------------------------------------------
    def find_devices(self) -> list[DeviceInfo]:
        """Blocks. Every device found; each entry's `error` says what is wrong with it."""
        found = self.services.devices.enumerate() if self.services.enumerate_devices else []
        paths = {info.path for info in found}
        found += [info for info in self.services.extra_devices if info.path not in paths]
        self.data.devices = found
        return found

    def choose_device(self, info: DeviceInfo) -> HardwareWallet:
        """Open the device (no I/O yet). Drops everything the previous device proved."""
        if self.wallet is not None:
            self.wallet.close()
        self.wallet = self.services.devices.open(info)
        self.data.device = info
        self.data.fingerprint = ""
        self._forget_address()
        return self.wallet

    def _need_wallet(self) -> HardwareWallet:
        if self.wallet is None:
            raise FlowError("Choose a hardware wallet first.")
        return self.wallet

    def show_pin_keypad(self) -> bool:
        """Blocks. The device shows its scrambled keypad; False when it needs no PIN."""
        return self._need_wallet().prompt_pin()

    def send_pin(self, positions: str) -> None:
        """Blocks. Positions on the keypad (7 8 9 / 4 5 6 / 1 2 3); raises WrongPin."""
        self._need_wallet().send_pin(positions)

    def use_passphrase(self, passphrase: str) -> None:
        """Blocks. A different passphrase is a different wallet: read its fingerprint again."""
        self._need_wallet().set_passphrase(passphrase)
        self.data.fingerprint = ""
        self._forget_address()

    def read_wallet(self) -> str:
        """Blocks. Reads the master fingerprint; restores the draft's payout choices when it is
        the same wallet."""
        fingerprint = self._need_wallet().fingerprint()
        draft = self.data.resumed
        if draft is not None and draft.fingerprint == fingerprint:
            try:
                self.data.script_type = ScriptType(draft.script_type)
            except ValueError:
                pass
            self.data.account_index = max(0, draft.account_index)
            self.data.address_index = max(0, draft.address_index)
        self.data.fingerprint = fingerprint
        self.save()
        return fingerprint

    # ----- payout ------------------------------------------------------------------------------
    def set_account(self, script_type: ScriptType, account_index: int, address_index: int) -> None:
        d = self.data
        if (script_type, account_index, address_index) == (
                d.script_type, d.account_index, d.address_index):
            return
        Account(script_type, account_index, self.services.network)  # raises on a bad index
        if not 0 <= address_index < 2**31:
            raise ValueError("the address index must be between 0 and 2^31-1")
        d.script_type, d.account_index, d.address_index = script_type, account_index, address_index
        self._forget_address()

    def _forget_address(self) -> None:
        d = self.data
        d.account_key, d.address, d.displayed_address, d.address_confirmed = None, "", "", False
        d.signature = ""

    def device_form(self) -> str:
        """The address as the device shows it. On regtest HWI drives devices with testnet
        parameters, so a device shows tb1…/2…/m… for the same output script as bcrt1…."""
        address = self.data.address
        if not address or self.services.network is not Network.REGTEST:
            return address
        from embit import script
        from embit.networks import NETWORKS

        return str(script.address_to_scriptpubkey(address).address(NETWORKS["test"]))

    def read_address(self) -> str:
        """Blocks. The account key from the device and the address derived here from it."""
        account, index = self.account, self.data.address_index
        key = self._need_wallet().account_key(account)
        address = key.address(index)
        if (account, index) == (self.account, self.data.address_index):
            self.data.account_key, self.data.address = key, address
        return address

    def show_address(self) -> str:
        """Blocks; the person confirms on the device. Raises AddressMismatch when the device
        shows anything but the address derived here."""
        if not self.data.address:
            self.read_address()
        account, index, address = self.account, self.data.address_index, self.data.address
        shown = self._need_wallet().display_address(account, index)
        if not same_destination(shown, address, account.network):
            raise AddressMismatch(f"device showed {shown}, derived {address}")
        if (account, index, address) == (self.account, self.data.address_index, self.data.address):
            self.data.displayed_address, self.data.address_confirmed = shown, True
        return shown

    # ----- prove -------------------------------------------------------------------------------
    def challenge_seconds_left(self) -> float:
        c = self.data.challenge
        if c is None:
            return 0.0
        return max(0.0, (c.expires_on - self.now()).total_seconds())

    def renew_challenge(self) -> Challenge:
        """Blocks. A fresh challenge from Pocket (kept in the store); drops the signature."""
        challenge = new_challenge(self.services.pocket, self.services.store)
        self.data.challenge = challenge
        self.data.message = challenge_message(challenge.token)
        self.data.signature = ""
        return challenge

    def ensure_challenge(self) -> Challenge:
        """Blocks when a new one is needed: none yet, or about to expire."""
        if self.data.challenge is None or self.challenge_seconds_left() <= CHALLENGE_MARGIN:
            return self.renew_challenge()
        return self.data.challenge

    def sign(self) -> str:
        """Blocks; the person confirms on the device. Signs the challenge message with the key
        of the confirmed address; `prove_payout` verifies it here before it is kept."""
        d = self.data
        if not d.address_confirmed or d.account_key is None:
            raise FlowError("Confirm the address on your device first.")
        self.ensure_challenge()
        message = d.message
        token = d.challenge.token if d.challenge else ""
        proof = prove_payout(_Confirmed(self._need_wallet(), d.account_key, d.displayed_address),
                             self.account, token, d.address_index)
        if message == d.message and proof.address == d.address:  # nothing changed meanwhile
            d.signature = proof.signature
        return proof.signature

    # ----- payment -----------------------------------------------------------------------------
    def set_payment(self, *, currency: str | None = None, iban: str | None = None,
                    fee_rate: Decimal | None = None, fresh_addresses: bool | None = None,
                    affiliate_id: str | None = None) -> dict[str, str]:
        d = self.data
        if currency is not None:
            if currency not in choices.CURRENCIES:
                raise ValueError(f"unsupported currency {currency!r}")
            d.currency = currency
        if iban is not None:
            d.iban = iban
        if fee_rate is not None:
            d.fee_rate = fee_rate
        if fresh_addresses is not None:
            d.fresh_addresses = fresh_addresses
        if affiliate_id is not None:
            d.affiliate_id = affiliate_id.strip()
        return self.payment_problems()

    def payment_problems(self) -> dict[str, str]:
        """Field name → what is wrong with it, for a person. Empty: the step is valid."""
        problems = {}
        iban = check_iban(self.data.iban)
        if not iban.ok:
            problems["iban"] = iban.reason
        fee = choices.check_fee_rate(self.data.fee_rate)
        if fee:
            problems["fee_rate"] = fee
        if self.data.affiliate_id and not _looks_like_uuid(self.data.affiliate_id):
            problems["affiliate_id"] = "An affiliate id looks like 8ed13c2a-a8c6-4f0e-b43e-…"
        return problems

    def _apply_payment_draft(self, draft: Draft) -> None:
        d = self.data
        d.currency = draft.currency if draft.currency in choices.CURRENCIES else d.currency
        d.iban, d.fee_rate = draft.iban, draft.fee
        d.fresh_addresses, d.affiliate_id = bool(draft.fresh_addresses), draft.affiliate_id

    # ----- review and create -------------------------------------------------------------------
    def order_request(self, signature: str | None = None) -> OrderRequest:
        d = self.data
        key = d.account_key
        fresh = d.fresh_addresses and key is not None
        payout = OnchainPayoutRequest(
            bitcoin_address=d.address,
            message=d.message,
            signature=signature or d.signature,
            extended_public_key=key.extended_public_key if fresh and key else None,
            derivation_path=f"0/{d.address_index}" if fresh else None,
            gap_limit=d.gap_limit if fresh else None,
        )
        return OrderRequest(fee_rate=d.fee_rate, currency=d.currency.lower(),
                            debitor_iban=check_iban(d.iban).compact, payout=payout,
                            affiliate_id=d.affiliate_id or None)

    def review_rows(self) -> list[tuple[str, str]]:
        """Every value the order will carry, in plain words, in the order the person reads."""
        d = self.data
        label, _ = choices.SCRIPT_TYPES[d.script_type]
        rows = [
            ("Bitcoin goes to", d.address),
            ("Wallet", f"{d.device.name if d.device else ''} (fingerprint {d.fingerprint})"),
            ("Account", f"{label}, account {d.account_index}, address {d.address_index} "
                        f"({self.account.address_path(d.address_index)})"),
            ("Signed message", d.message),
            ("Signature", d.signature),
            ("You pay in", d.currency),
            ("From your account", grouped(check_iban(d.iban).compact)),
            ("Pocket's fee", f"{choices.percent(d.fee_rate)} — "
                             f"{choices.fee_example(d.fee_rate, d.currency)}"),
        ]
        if d.fresh_addresses and d.account_key is not None:
            rows.append(("Fresh address for every purchase",
                         f"yes — from 0/{d.address_index} on, at most {d.gap_limit} unused "
                         "addresses ahead"))
            rows.append(("Extended public key", d.account_key.extended_public_key))
        else:
            rows.append(("Fresh address for every purchase", "no — every purchase goes to the "
                         "address above"))
        if d.affiliate_id:
            rows.append(("Affiliate id", d.affiliate_id))
        return rows

    def create_order(self) -> Outcome:
        """Blocks. Creates the order at Pocket with an intent in the store around it.

        The device signs with header 31–34 for every address type; if Pocket refuses that
        signature, the same signature is sent once more with the BIP-137 header of the address
        type (a refused order does not use up the challenge). Outcome-unknown and tampered
        answers are returned as such; Pocket's refusals and network failures raise."""
        d = self.data
        if not self.valid(Step.PAYMENT) or not d.address_confirmed or not d.signature:
            raise FlowError("Some of the order's values are missing: go back and complete them.")
        if self.challenge_seconds_left() <= 0:
            self.renew_challenge()
            self.go_to(Step.PROVE)
            raise ChallengeExpired()
        convention = "as signed by the device (header 31–34)"
        try:
            try:
                order = self._place(self.order_request())
            except ChallengeError as exc:
                if exc.code != "invalid_signature" or d.script_type is ScriptType.P2PKH:
                    raise
                convention = "BIP-137 header for this address type"
                try:
                    order = self._place(self.order_request(
                        reheader_signature(d.signature, d.script_type)))
                except ChallengeError as again:
                    if again.code != "invalid_signature":
                        raise
                    raise SignatureRefused(f"{exc}; then {again}") from again
        except TamperedResponse as exc:
            return self._outcome(Outcome.TAMPERED, "\n".join(exc.mismatches) or str(exc))
        except (OutcomeUnknown, MalformedResponse) as exc:
            return self._outcome(Outcome.UNKNOWN, str(exc))
        d.order, d.signature_convention = order, convention
        clear_draft(self.services.draft_path)
        return self._outcome(Outcome.CREATED, "")

    def _place(self, request: OrderRequest) -> Order:
        d = self.data
        return place_order(self.services.pocket, self.services.store, request,
                           device_fingerprint=d.fingerprint or None,
                           account_path=self.account.path,
                           script_type=d.script_type.value)

    def _outcome(self, outcome: Outcome, detail: str) -> Outcome:
        self.data.outcome, self.data.outcome_detail = outcome, detail
        return outcome

    # ----- instructions and tracking -----------------------------------------------------------
    def open_order(self, order: Order) -> None:
        """Show a stored order's payment instructions (after a restart)."""
        self.data.order, self.data.outcome = order, Outcome.CREATED
        self.data.currency = order.payment_method.currency.upper()
        self.step = Step.INSTRUCTIONS

    def payment_instructions(self, amount: Decimal | None = None) -> PaymentInstructions:
        order = self.data.order
        if order is None:
            raise FlowError("There is no order yet.")
        return PaymentInstructions.from_payment_method(order.raw["payment_method"], amount)

    @property
    def is_demo(self) -> bool:
        return self.services.demo_bank is not None

    def simulate_transfer(self, amount: Decimal) -> Exchange:
        """Blocks. Demo only: the bank transfer arrives at Pocket with the reference."""
        bank, order = self.services.demo_bank, self.data.order
        if bank is None or order is None:
            raise FlowError("Simulated transfers exist only in Demo, for a created order.")
        exchange = bank.transfer(order.id, amount)
        self._observe(exchange, "transfer")
        return exchange

    def mine_block(self) -> None:
        """Blocks. Demo only: a block confirms the payouts sent so far."""
        if self.services.demo_bank is None:
            raise FlowError("Blocks are mined only in Demo.")
        self.services.demo_bank.mine(1)

    def refresh_exchanges(self) -> dict[str, ExchangeStatus]:
        """Blocks. Asks Pocket for every exchange of this order seen so far."""
        for exchange_id in list(self.data.exchanges):
            self._observe(self.services.pocket.get_exchange(exchange_id), "poll")
        return {i: e.status for i, e in self.data.exchanges.items()}

    def payout_verdict(self, exchange: Exchange) -> PayoutVerdict | None:
        """Whether an on-chain payout went to an address of the person's wallet (None: no
        on-chain payout yet)."""
        payout, order = exchange.payout, self.data.order
        if not isinstance(payout, OnchainPayout) or order is None:
            return None
        return check_payout_address(order, payout.bitcoin_address, self.services.network,
                                    earlier_payouts=len(self.data.exchanges))

    def _observe(self, exchange: Exchange, source: str) -> None:
        self.tracker.observe(exchange, source)
        self.data.exchanges[exchange.id] = exchange

    def _payout_alarm(self, exchange_id: str, flag: str, explanation: str,
                      exchange: Exchange) -> None:
        order = self.data.order
        if order is not None and exchange.order_id == order.id:  # a shared tracker: ours only
            self.data.payout_problems.append(explanation)

    # ----- persistence -------------------------------------------------------------------------
    def save(self) -> None:
        """Blocks (a small file write). Choices are not saved on every keystroke: the UI saves
        on each step change, off the UI thread, and `close()` saves."""
        d = self.data
        if d.order is not None:
            return
        save_draft(self.services.draft_path, Draft(
            environment=self.services.environment, fingerprint=d.fingerprint,
            script_type=d.script_type.value, account_index=d.account_index,
            address_index=d.address_index, currency=d.currency, iban=d.iban,
            fee_rate=str(d.fee_rate), fresh_addresses=d.fresh_addresses,
            affiliate_id=d.affiliate_id, saved_at=self.now().isoformat(timespec="seconds")))

    def close(self) -> None:
        self.save()
        self.tracker.remove_alarm(self._payout_alarm)
        if self.wallet is not None:
            self.wallet.close()
            self.wallet = None


class _Confirmed(HardwareWallet):
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


def _looks_like_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
