"""What the wizard collects (`FlowData`) and how creating the order ended (`Outcome`).

Apart from `PurchaseFlow`, which changes the data, so that `order_form` (plain functions of the
data) and the flow both import it from here and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar, cast

from pocketgui.api.models import Challenge, Exchange, Order
from pocketgui.bitcoin.networks import ScriptType
from pocketgui.devices.base import AccountKey, DeviceInfo
from pocketgui.flow import choices
from pocketgui.flow.draft import Draft
from pocketgui.flow.fresh_start import FreshStart
from pocketgui.flow.lightning_order import LightningProof
from pocketgui.flow.onchain_proof import OnchainProof

T = TypeVar("T")


class _OnchainValue(Generic[T]):
    """`data.address` reads `data.onchain.address`: one proof object, the old names kept."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, data: FlowData, owner: type | None = None) -> T:
        return cast(T, getattr(data.onchain, self.name))

    def __set__(self, data: FlowData, value: T) -> None:
        raise AttributeError(f"set data.onchain.{self.name}: the proof changes as one")


class Outcome(StrEnum):
    CREATED = "created"  # the order exists and its echo matched
    UNKNOWN = "unknown"  # sent, answer lost: it may exist at Pocket
    TAMPERED = "tampered"  # an answer came back that differs from what was sent


@dataclass
class FlowData:
    devices: list[DeviceInfo] = field(default_factory=list)
    device: DeviceInfo | None = None
    fingerprint: str = ""
    script_type: ScriptType = ScriptType.P2WPKH
    account_index: int = 0
    address_index: int = 0
    fresh_start: FreshStart | None = None  # why address_index is where it is (read_address)
    challenge: Challenge | None = None
    message: str = ""
    currency: str = "EUR"
    iban: str = ""
    fee_rate: Decimal = choices.FEE_DEFAULT
    fresh_addresses: bool = True
    gap_limit: int = choices.DEFAULT_GAP_LIMIT
    affiliate_id: str = ""
    order: Order | None = None
    outcome: Outcome | None = None
    outcome_detail: str = ""
    signature_convention: str = ""  # "as signed by the device" or "BIP-137 …" once created
    exchanges: dict[str, Exchange] = field(default_factory=dict)
    payout_problems: list[str] = field(default_factory=list)
    resumed: Draft | None = None
    onchain: OnchainProof = field(default_factory=OnchainProof)
    lightning: LightningProof = field(default_factory=LightningProof)

    # The on-chain proof's values, read-only, under the names the wizard's pages read them by.
    account_key = _OnchainValue[AccountKey | None]()
    address = _OnchainValue[str]()
    displayed_address = _OnchainValue[str]()
    address_confirmed = _OnchainValue[bool]()
    signature = _OnchainValue[str]()
