"""The resources of Pocket REST API v1, exactly as the reference text shows them.

Answers: `Challenge`, `Order` (with `PaymentMethod` and an `OnchainPayoutMethod` or a
`LightningPayoutMethod`), `Exchange` (executed, interrupted, refunded or settled; its payout an
`OnchainPayout`, an `InvoicePayout` or a `ChannelPayout`). Each is a frozen dataclass built by
`from_wire(dict)`, which checks every field's type and raises `MalformedResponse` naming the
field; `raw` keeps the answer as parsed, so the store can persist all of it, fields we do not
model included. Amounts are `Decimal` exactly as written on the wire, each checked for what it is
(`Btc`, `Fiat`, `FeeRate`: see `api.fields`); timestamps are aware.

Requests: `OrderRequest` (+ `OnchainPayoutRequest` / `LightningPayoutRequest`), `OrderPatch`,
`InvoicePayoutRequest`, `ChannelPayoutRequest`, each with `to_wire()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pocketgui.api.errors import MalformedResponse
from pocketgui.api.fields import Btc, FeeRate, Fiat, Fields, read_fields

Raw = dict[str, Any]


def _raw(data: Any) -> Raw:
    return dict(data) if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Challenge:
    id: str
    token: str
    expires_on: datetime
    completed_on: datetime | None
    raw: Raw = field(repr=False, compare=False)

    @classmethod
    def from_wire(cls, data: Any) -> Challenge:
        return cls(**read_fields(cls, Fields(data)), raw=_raw(data))


@dataclass(frozen=True)
class PaymentMethod:
    """How the person pays: their IBAN (debitor) and Pocket's bank details (creditor)."""

    currency: str
    debitor_iban: str
    creditor_reference: str
    creditor_iban: str
    creditor_bank_name: str | None
    creditor_bank_street: str | None
    creditor_bank_postal_code: str | None
    creditor_bank_town: str | None
    creditor_bank_country: str | None
    creditor_bank_bic: str | None
    creditor_name: str
    creditor_street: str | None
    creditor_postal_code: str | None
    creditor_town: str | None
    creditor_country: str | None
    swiss_qr_bill_payload: str | None

    @classmethod
    def from_fields(cls, f: Fields) -> PaymentMethod:
        return cls(**read_fields(cls, f))


@dataclass(frozen=True)
class OnchainPayoutMethod:
    """Payout to a bitcoin address; with an extended key Pocket pays fresh addresses below it."""

    bitcoin_address: str
    message: str
    signature: str
    extended_public_key: str | None = None
    derivation_path: str | None = None
    gap_limit: int | None = None  # None: Pocket's default of 10

    DEFAULT_GAP_LIMIT = 10

    @property
    def effective_gap_limit(self) -> int:
        return self.gap_limit if self.gap_limit is not None else self.DEFAULT_GAP_LIMIT

    @classmethod
    def from_fields(cls, f: Fields) -> OnchainPayoutMethod:
        return cls(**read_fields(cls, f))


@dataclass(frozen=True)
class LightningPayoutMethod:
    node_pubkey: str
    message: str
    signature: str

    @classmethod
    def from_fields(cls, f: Fields) -> LightningPayoutMethod:
        return cls(**read_fields(cls, f))


PayoutMethod = OnchainPayoutMethod | LightningPayoutMethod


def _payout_method(f: Fields) -> PayoutMethod:
    if f.has("node_pubkey") and not f.is_null("node_pubkey"):
        return LightningPayoutMethod.from_fields(f)
    return OnchainPayoutMethod.from_fields(f)


@dataclass(frozen=True)
class Order:
    id: str
    active: bool
    created_on: datetime
    affiliate_id: str | None
    fee_rate: FeeRate
    payment_method: PaymentMethod
    payout_method: PayoutMethod
    raw: Raw = field(repr=False, compare=False)

    @property
    def is_lightning(self) -> bool:
        return isinstance(self.payout_method, LightningPayoutMethod)

    @classmethod
    def from_wire(cls, data: Any) -> Order:
        f = Fields(data)
        nested = {
            "payment_method": PaymentMethod.from_fields(f.nested("payment_method")),
            "payout_method": _payout_method(f.nested("payout_method")),
        }
        return cls(**read_fields(cls, f, **nested), raw=_raw(data))


@dataclass(frozen=True)
class Action:
    """Why an exchange is interrupted and what unblocks it. Two shapes: the reference's
    `{"code": "identification_required", "identification_id": …}` and Pocket's published
    examples' `{"code": "identify", "url": "https://portal.pocketbitcoin.com/…"}` (open `url`
    only through `api.pocket_links.pocket_page_url`)."""

    code: str
    identification_id: str | None
    url: str | None = None

    @property
    def needs_identification(self) -> bool:
        return self.code in IDENTIFICATION_CODES or self.identification_id is not None

    @classmethod
    def from_fields(cls, f: Fields) -> Action:
        return cls(**read_fields(cls, f))


IDENTIFICATION_CODES = frozenset({"identification_required", "identify"})


@dataclass(frozen=True)
class Reason:
    """Why an exchange was refunded (e.g. `threshold_exceeded`, or in Pocket's published
    examples `identification_required`)."""

    code: str

    @classmethod
    def from_fields(cls, f: Fields) -> Reason:
        return cls(**read_fields(cls, f))


@dataclass(frozen=True)
class OnchainPayout:
    txid: str
    outpoint: int
    bitcoin_address: str
    derivation_path: str | None
    block_height: int | None
    confirmed: bool
    fee: Btc
    amount: Btc

    @classmethod
    def from_fields(cls, f: Fields) -> OnchainPayout:
        return cls(**read_fields(cls, f))


class LightningPayoutStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def _lightning_status(f: Fields) -> LightningPayoutStatus:
    text = f.text("status")
    try:
        return LightningPayoutStatus(text)
    except ValueError:
        raise MalformedResponse(f"{f.where}.status: unknown payout status {text!r}") from None


@dataclass(frozen=True)
class InvoicePayout:
    status: LightningPayoutStatus
    invoice: str
    preimage: str | None
    fee: Btc
    amount: Btc

    @classmethod
    def from_fields(cls, f: Fields) -> InvoicePayout:
        return cls(**read_fields(cls, f, status=_lightning_status(f)))


@dataclass(frozen=True)
class ChannelPayout:
    status: LightningPayoutStatus
    node_address: str | None
    private: bool | None
    txid: str | None
    outpoint: int | None
    channel_id: str | None
    fee: Btc
    amount: Btc

    @classmethod
    def from_fields(cls, f: Fields) -> ChannelPayout:
        return cls(**read_fields(cls, f, status=_lightning_status(f)))


Payout = OnchainPayout | InvoicePayout | ChannelPayout


def _payout(f: Fields) -> Payout:
    kind = f.optional(f.text, "type")
    if kind is None:
        return OnchainPayout.from_fields(f)
    if kind == "invoice":
        return InvoicePayout.from_fields(f)
    if kind == "channel":
        return ChannelPayout.from_fields(f)
    raise MalformedResponse(f"{f.where}.type: unknown payout type {kind!r}")


class ExchangeStatus(StrEnum):
    """Derived from the fields (the wire has no status field); see `Exchange.status`."""

    EXECUTED = "executed"
    INTERRUPTED = "interrupted"
    REFUNDED = "refunded"
    SETTLED = "settled"
    CONFIRMED = "confirmed"
    PAYOUT_PENDING = "payout_pending"
    PAYOUT_SUCCEEDED = "payout_succeeded"
    PAYOUT_FAILED = "payout_failed"
    PENDING = "pending"  # funded, nothing decided yet (no field set)


_LIGHTNING_STATUS = {
    LightningPayoutStatus.PENDING: ExchangeStatus.PAYOUT_PENDING,
    LightningPayoutStatus.SUCCEEDED: ExchangeStatus.PAYOUT_SUCCEEDED,
    LightningPayoutStatus.FAILED: ExchangeStatus.PAYOUT_FAILED,
}


@dataclass(frozen=True)
class Exchange:
    id: str
    order_id: str
    fee_rate: FeeRate
    pair: str
    type: str
    cost: Fiat
    executed_on: datetime | None
    amount: Btc | None
    rate: Fiat | None
    fee: Fiat | None
    action: Action | None
    reason: Reason | None
    payout: Payout | None
    raw: Raw = field(repr=False, compare=False)

    @property
    def status(self) -> ExchangeStatus:
        """reason → refunded; action → interrupted; payout → settled / confirmed / lightning
        payout status; executed_on → executed (the rule of docs/dev/contracts.md)."""
        if self.reason is not None:
            return ExchangeStatus.REFUNDED
        if self.action is not None:
            return ExchangeStatus.INTERRUPTED
        if isinstance(self.payout, OnchainPayout):
            return ExchangeStatus.CONFIRMED if self.payout.confirmed else ExchangeStatus.SETTLED
        if self.payout is not None:
            return _LIGHTNING_STATUS[self.payout.status]
        if self.executed_on is not None:
            return ExchangeStatus.EXECUTED
        return ExchangeStatus.PENDING

    @classmethod
    def from_wire(cls, data: Any) -> Exchange:
        f = Fields(data)
        action, reason, payout = f.opt_nested("action"), f.opt_nested("reason"), None
        if (payout_fields := f.opt_nested("payout")) is not None:
            payout = _payout(payout_fields)
        nested = {
            "action": None if action is None else Action.from_fields(action),
            "reason": None if reason is None else Reason.from_fields(reason),
            "payout": payout,
        }
        return cls(**read_fields(cls, f, **nested), raw=_raw(data))

    @classmethod
    def from_webhook_payload(cls, payload: Any) -> Exchange:
        """A webhook payload is the exchange with its id under `exchange_id`; fields we do not
        model (the published examples' `welcomeReward`) are kept in `raw`, never refused."""
        f = Fields(payload, "payload")
        data = dict(f.data)
        data.setdefault("id", f.text("exchange_id"))
        return cls.from_wire(data)


# Requests --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OnchainPayoutRequest:
    bitcoin_address: str
    message: str
    signature: str
    extended_public_key: str | None = None
    derivation_path: str | None = None
    gap_limit: int | None = None

    def to_wire(self) -> Raw:
        body: Raw = {
            "bitcoin_address": self.bitcoin_address,
            "message": self.message,
            "signature": self.signature,
        }
        if self.extended_public_key is not None:
            body["extended_public_key"] = self.extended_public_key
            body["derivation_path"] = self.derivation_path
            body["gap_limit"] = self.gap_limit
        return body


@dataclass(frozen=True)
class LightningPayoutRequest:
    node_pubkey: str
    message: str
    signature: str

    def to_wire(self) -> Raw:
        return {"node_pubkey": self.node_pubkey, "message": self.message,
                "signature": self.signature}


@dataclass(frozen=True)
class OrderRequest:
    fee_rate: Decimal
    currency: str
    debitor_iban: str
    payout: OnchainPayoutRequest | LightningPayoutRequest
    active: bool = True
    affiliate_id: str | None = None

    def to_wire(self) -> Raw:
        body: Raw = {"active": self.active}
        if self.affiliate_id is not None:
            body["affiliate_id"] = self.affiliate_id
        body["fee_rate"] = self.fee_rate
        body["payment_method"] = {"currency": self.currency, "debitor_iban": self.debitor_iban}
        body["payout_method"] = self.payout.to_wire()
        return body


@dataclass(frozen=True)
class OrderPatch:
    active: bool | None = None
    affiliate_id: str | None = None
    fee_rate: Decimal | None = None

    def to_wire(self) -> Raw:
        return {
            key: value
            for key, value in (
                ("active", self.active),
                ("affiliate_id", self.affiliate_id),
                ("fee_rate", self.fee_rate),
            )
            if value is not None
        }


@dataclass(frozen=True)
class InvoicePayoutRequest:
    invoice: str

    def to_wire(self) -> Raw:
        return {"payout": {"type": "invoice", "invoice": self.invoice}}


@dataclass(frozen=True)
class ChannelPayoutRequest:
    node_address: str | None = None
    private: bool | None = None

    def to_wire(self) -> Raw:
        payout: Raw = {"type": "channel"}
        if self.node_address is not None:
            payout["node_address"] = self.node_address
        if self.private is not None:
            payout["private"] = self.private
        return {"payout": payout}
