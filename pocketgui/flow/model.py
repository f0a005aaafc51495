"""`PurchaseFlow`: the whole wizard as a plain object — steps, data, and the calls each step makes.

The Qt wizard only renders it (Electrum's way): a page reads `flow.data` and `flow.state(step)`,
asks `flow.valid(step)` to enable Next, and runs the blocking methods (marked "blocks") on a
worker. A blocking method does its I/O first and changes `data` only at its end, so the UI
thread, which reads `data` only after the worker has reported back, never sees half a change.
Tests drive the same object with plain pytest against the real sandbox and simulator.

Why the data is invalidated the way it is: everything the device proved is tied to one
account and index, so changing either drops the address, its confirmation and the signature;
the signature is tied to one challenge, so a new challenge drops the signature.

The branch (steps.Branch) is chosen when the flow is made: on-chain to the hardware wallet, or
lightning to the person's node, whose data and checks live in `lightning_order`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pocketgui.api.client import PocketClient
from pocketgui.api.errors import ChallengeError, MalformedResponse, OutcomeUnknown, TamperedResponse
from pocketgui.api.models import (
    Challenge,
    Exchange,
    ExchangeStatus,
    OnchainPayout,
    Order,
    OrderRequest,
)
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.chain.watcher import ChainWatcher
from pocketgui.devices.base import Account, DeviceInfo, DeviceManager, HardwareWallet
from pocketgui.devices.errors import AddressMismatch, UnsupportedOperation
from pocketgui.devices.families import Family, family
from pocketgui.devices.proof import challenge_message, prove_payout, same_destination
from pocketgui.flow import choices, order_form
from pocketgui.flow.confirmed_wallet import ConfirmedWallet
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.draft import Draft, clear_draft, load_draft, save_draft
from pocketgui.flow.errors import ChallengeExpired, FlowError, SignatureRefused
from pocketgui.flow.flow_data import FlowData, Outcome
from pocketgui.flow.fresh_start import fresh_start
from pocketgui.flow.steps import Branch, Step, StepState, heading, rail_name, steps_of
from pocketgui.i18n.catalog import _
from pocketgui.orders.placing import new_challenge, place_order
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.store.repository import Store
from pocketgui.tracking.payout_check import PayoutVerdict, check_payout_address
from pocketgui.tracking.tracker import ExchangeTracker

CHALLENGE_MARGIN = 20.0  # seconds: a challenge closer to its expiry is renewed before signing


@dataclass
class Services:
    """What the flow talks to. `extra_devices`: devices enumerate cannot list (the demo's
    simulator on its own port); `enumerate_devices=False` lists only those. `chain`: the
    session's chain watcher (the one the dashboard syncs; None: no source set), asked which
    addresses of an account were used before a new order starts."""

    devices: DeviceManager
    pocket: PocketClient
    store: Store
    demo_bank: DemoBank | None = None
    extra_devices: tuple[DeviceInfo, ...] = ()
    enumerate_devices: bool = True
    draft_path: Path | None = None
    chain: ChainWatcher | None = None

    @property
    def network(self) -> Network:
        return self.pocket.environment.network

    @property
    def environment(self) -> str:
        return self.pocket.environment.name


def utc_now() -> datetime:
    return datetime.now(UTC)


class PurchaseFlow:
    def __init__(self, services: Services, *, tracker: ExchangeTracker | None = None,
                 now: Callable[[], datetime] = utc_now, branch: Branch | None = None) -> None:
        """`tracker`: the session's (the app's live tracking, which the dashboard listens to),
        so each answer is recorded, checked and announced once; without one the flow keeps
        its own, which only records what the flow itself observes. `branch`: None continues
        the draft's (on-chain without one)."""
        self.services = services
        self.now = now
        self.data = FlowData()
        self.wallet: HardwareWallet | None = None
        self._states = {step: StepState() for step in Step}
        self.tracker = tracker or ExchangeTracker(services.pocket, services.store)
        self.tracker.on_alarm(self._payout_alarm)
        draft = load_draft(services.draft_path)
        if draft is not None and draft.environment != services.environment:
            draft = None
        if draft is not None:
            self._apply_payment_draft(draft)
            self.data.resumed = draft
        self.branch = branch or (draft.branch_chosen if draft is not None else Branch.ONCHAIN)
        self.step = self.steps[0]

    # ----- navigation --------------------------------------------------------------------------
    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps of this flow's branch, in order."""
        return steps_of(self.branch)

    @property
    def is_lightning(self) -> bool:
        return self.branch is Branch.LIGHTNING

    def number(self, step: Step) -> int:
        """1-based position of `step` in this branch (what the rail and the heading show)."""
        return self.steps.index(step) + 1

    def heading(self, step: Step) -> str:
        return heading(step, self.branch)

    def rail_name(self, step: Step) -> str:
        return rail_name(step, self.branch)

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
            if self.is_lightning:
                return not d.lightning.key_problem
            return d.address_confirmed and bool(d.address)
        if step is Step.PROVE:
            signature = d.lightning.signature if self.is_lightning else d.signature
            return bool(signature) and self.challenge_seconds_left() > 0
        if step is Step.PAYMENT:
            return not self.payment_problems()
        if step is Step.REVIEW:
            return d.outcome is Outcome.CREATED
        return True

    def can_go_next(self) -> bool:
        return self.step is not Step.TRACK and self.valid() and not self.state().busy

    def can_go_back(self) -> bool:
        # once the order exists it cannot be un-created: no way back into its inputs
        return (self.step is not self.steps[0] and self.data.order is None
                and self.data.outcome is None and not self.state().busy)

    def next(self) -> Step:
        if not self.can_go_next():
            raise FlowError(_("Finish this step first."))
        self.step = self.steps[self.number(self.step)]
        return self.step

    def back(self) -> Step:
        if not self.can_go_back():
            raise FlowError(_("You cannot go back from here."))
        self.step = self.steps[self.number(self.step) - 2]
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
        refusal = family(info.type).refusal()
        if refusal:  # enumerate marks it already; this holds for any other way in
            raise UnsupportedOperation(info.type, refusal)
        if self.wallet is not None:
            self.wallet.close()
        self.wallet = self.services.devices.open(info)
        self.data.device = info
        self.data.fingerprint = ""
        self._forget_address()
        if not self.device_family.offers(self.data.script_type):
            self.data.script_type = ScriptType.P2WPKH  # every family with a screen has it
        return self.wallet

    @property
    def device_family(self) -> Family:
        """What the chosen device can show and sign (devices/families.py)."""
        return family(self.data.device.type if self.data.device else "")

    def offered_script_types(self) -> list[ScriptType]:
        """The address types the chosen device can show and sign for, in the wizard's order."""
        return [t for t in choices.SCRIPT_TYPES if self.device_family.offers(t)]

    def signing_notice(self) -> str:
        """What the person is told before signing: exactly what their device will show."""
        d = self.data
        return self.device_family.signing_notice(
            self.device_form(), self.account.address_path(d.address_index))

    def _need_wallet(self) -> HardwareWallet:
        if self.wallet is None:
            raise FlowError(_("Choose a hardware wallet first."))
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
                script_type = ScriptType(draft.script_type)
            except ValueError:
                script_type = self.data.script_type
            if self.device_family.offers(script_type):
                self.data.script_type = script_type
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
        if not self.device_family.offers(script_type):
            raise ValueError(f"a {self.device_family.name} cannot show or sign for that type")
        if not 0 <= address_index < 2**31:
            raise ValueError("the address index must be between 0 and 2^31-1")
        d.script_type, d.account_index, d.address_index = script_type, account_index, address_index
        self._forget_address()

    def _forget_address(self) -> None:
        self.data.onchain.forget()

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
        """Blocks. The account key from the device, the first index no earlier order of the
        account and no payment on chain used (`fresh_start`; a later index chosen by the person
        stays), and the address derived here at that index."""
        account, chosen = self.account, self.data.address_index
        key = self._need_wallet().account_key(account)
        start = fresh_start(self.services.store, key.extended_public_key, account.script_type,
                            account.network, self.services.chain, gap_limit=self.data.gap_limit,
                            fingerprint=self.data.fingerprint or None,
                            account_path=account.path)
        index = max(chosen, start.index)
        address = key.address(index)
        if (account, chosen) == (self.account, self.data.address_index):
            self.data.onchain.read(key, address)
            self.data.address_index, self.data.fresh_start = index, start
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
            self.data.onchain.confirm(shown)
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
        self.data.lightning.challenge_renewed(self.data.message)
        self.data.challenge = challenge
        self.data.message = challenge_message(challenge.token)
        self.data.onchain.signature = ""
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
            raise FlowError(_("Confirm the address on your device first."))
        self.ensure_challenge()
        message = d.message
        token = d.challenge.token if d.challenge else ""
        wallet = ConfirmedWallet(self._need_wallet(), d.account_key, d.displayed_address)
        proof = prove_payout(wallet, self.account, token, d.address_index)
        if message == d.message and proof.address == d.address:  # nothing changed meanwhile
            d.onchain.signature = proof.signature
        return proof.signature

    # ----- lightning: the node and its signature --------------------------------------------
    def set_node_pubkey(self, text: str) -> str:
        """The node key as typed; answers what is wrong with it ("" when valid)."""
        return self.data.lightning.set_node_pubkey(text)

    def paste_signature(self, text: str) -> str:
        """What the person pasted from their node, checked against the key and the message;
        answers why it is refused ("" when it matches, or when nothing was pasted)."""
        return self.data.lightning.paste(text, self.data.message).reason

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
        return order_form.payment_problems(self.data)

    def _apply_payment_draft(self, draft: Draft) -> None:
        d = self.data
        d.currency = draft.currency if draft.currency in choices.CURRENCIES else d.currency
        d.iban, d.fee_rate = draft.iban, draft.fee
        d.fresh_addresses, d.affiliate_id = bool(draft.fresh_addresses), draft.affiliate_id
        d.lightning.node_pubkey = draft.node_pubkey

    # ----- review and create -------------------------------------------------------------------
    def order_request(self, signature: str | None = None) -> OrderRequest:
        return order_form.order_request(self.data, lightning=self.is_lightning,
                                        signature=signature)

    def review_rows(self) -> list[tuple[str, str]]:
        return order_form.review_rows(self.data, self.account, lightning=self.is_lightning)

    def create_order(self) -> Outcome:
        """Blocks. Creates the order at Pocket with an intent in the store around it.

        Outcome-unknown and tampered answers are returned as such; Pocket's refusals and
        network failures raise. A lightning order is sent once: its signature has one form."""
        d = self.data
        signature = d.lightning.signature if self.is_lightning else d.signature
        if not (self.valid(Step.PAYMENT) and self.valid(Step.PAYOUT) and signature):
            raise FlowError(_("Some of the order's values are missing: go back and complete them."))
        if self.challenge_seconds_left() <= 0:
            self.renew_challenge()
            self.go_to(Step.PROVE)
            raise ChallengeExpired()
        try:
            if self.is_lightning:
                order, convention = self._place(self.order_request()), "lightning signmessage"
            else:
                order, convention = self._place_onchain()
        except TamperedResponse as exc:
            return self._outcome(Outcome.TAMPERED, "\n".join(exc.mismatches) or str(exc))
        except (OutcomeUnknown, MalformedResponse) as exc:
            return self._outcome(Outcome.UNKNOWN, str(exc))
        d.order, d.signature_convention = order, convention
        clear_draft(self.services.draft_path)
        return self._outcome(Outcome.CREATED, "")

    def _place_onchain(self) -> tuple[Order, str]:
        """Trezor, KeepKey and Coldcard sign with the BIP-137 header of the address type; the
        other families with 31–34 for every type. If Pocket refuses a 31–34 signature, the same
        signature is sent once more with the header of the address type (a refused order does
        not use up the challenge)."""
        d = self.data
        try:
            return self._place(self.order_request()), "as signed by the device"
        except ChallengeError as exc:
            bip137 = d.onchain.bip137_signature(d.script_type)
            if exc.code != "invalid_signature" or bip137 == d.signature:
                raise
            try:
                order = self._place(self.order_request(bip137))
            except ChallengeError as again:
                if again.code != "invalid_signature":
                    raise
                raise SignatureRefused(f"{exc}; then {again}") from again
            return order, "BIP-137 header for this address type"

    def _place(self, request: OrderRequest) -> Order:
        d = self.data
        if self.is_lightning:
            return place_order(self.services.pocket, self.services.store, request)
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
        self.branch = Branch.LIGHTNING if order.is_lightning else Branch.ONCHAIN
        self.step = Step.INSTRUCTIONS

    def payment_instructions(self, amount: Decimal | None = None) -> PaymentInstructions:
        order = self.data.order
        if order is None:
            raise FlowError(_("There is no order yet."))
        return PaymentInstructions.from_payment_method(order.raw["payment_method"], amount)

    @property
    def is_demo(self) -> bool:
        return self.services.demo_bank is not None

    def simulate_transfer(self, amount: Decimal) -> Exchange:
        """Blocks. Demo only: the bank transfer arrives at Pocket with the reference."""
        bank, order = self.services.demo_bank, self.data.order
        if bank is None or order is None:
            raise FlowError(_("Simulated transfers exist only in Demo, for a created order."))
        exchange = bank.transfer(order.id, amount)
        self._observe(exchange, "transfer")
        return exchange

    def mine_block(self) -> None:
        """Blocks. Demo only: a block confirms the payouts sent so far."""
        if self.services.demo_bank is None:
            raise FlowError(_("Blocks are mined only in Demo."))
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
        used = [e.payout.derivation_path for e in self.data.exchanges.values()
                if isinstance(e.payout, OnchainPayout) and e.payout.derivation_path
                and e.id != exchange.id]
        return check_payout_address(order, payout.bitcoin_address, self.services.network, used)

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
            affiliate_id=d.affiliate_id, branch=self.branch.value,
            node_pubkey=d.lightning.node_pubkey.strip(),
            saved_at=self.now().isoformat(timespec="seconds")))

    def close(self) -> None:
        self.save()
        self.tracker.remove_alarm(self._payout_alarm)
        if self.wallet is not None:
            self.wallet.close()
            self.wallet = None
