"""Pydantic models that document the wire in /openapi.json — and only document it.

Requests are parsed by hand (exact decimals, specific error codes); these models give the
OpenAPI document its schemas. Money is typed `float` here because JSON Schema has only
"number"; on the wire it is an exact decimal number.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from pocketgui.sandbox.engine import MAX_AMOUNT, MAX_BLOCKS
from pocketgui.sandbox.errors import ErrorCode
from pocketgui.sandbox.orders import MAX_FEE_RATE, MIN_FEE_RATE
from pocketgui.sandbox.ownership import MAX_GAP_LIMIT

DERIVATION_PATH = "^(0|[1-9][0-9]{0,9})(/(0|[1-9][0-9]{0,9}))*$"
# http(s), optional user info, a host name or IPv4 address (of IPv6, only [::1] is documented:
# a pattern for every IPv6 form is unreadable), an optional port 1..65535, then anything
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
WEBHOOK_URL = (r"^[Hh][Tt][Tt][Pp][Ss]?://([^/?#\s\[\]@]*@)?(\[::1\]|[^/?#\s\[\]@:]+)"
               rf"(:{_PORT}?)?([/?#]\S*)?$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(Strict):
    error: ErrorCode
    documentation_uri: str = "https://pocketbitcoin.com/developers"


class EmptyBody(Strict):
    pass


class Challenge(Strict):
    id: str
    token: str = Field(min_length=8, max_length=8)
    expires_on: str
    completed_on: str | None


class PaymentMethodRequest(Strict):
    currency: Literal["eur", "chf", "gbp"]
    debitor_iban: str = Field(min_length=1, max_length=64,
                              description="Checked as an IBAN: country, length and checksum.")


MESSAGE = Field(max_length=1024, description="Contains exactly one live challenge token.")
NODE_PUBKEY = Field(pattern="^0[23][0-9a-fA-F]{64}$", description="33-byte compressed key, hex.")
AFFILIATE_ID = Field(None, max_length=64, json_schema_extra={"format": "uuid"})
FEE_RATE_MIN, FEE_RATE_MAX = float(MIN_FEE_RATE), float(MAX_FEE_RATE)  # JSON Schema: numbers
FIAT_MAX = float(MAX_AMOUNT)
MAX_BTC = 21_000_000


class OnchainPayoutMethod(Strict):
    """Pays out to `bitcoin_address`."""

    bitcoin_address: str = Field(max_length=128)
    message: str = MESSAGE
    signature: str = Field(max_length=256,
                           description="Base64 Bitcoin signed message (BIP-137 or Electrum).")


class ExtendedKeyPayoutMethod(OnchainPayoutMethod):
    """Pays out to the addresses of `extended_public_key`, from `bitcoin_address` (its address
    at `derivation_path`) on. Two shapes rather than optional fields: `derivation_path` and
    `gap_limit` need `extended_public_key`, and it needs a path."""

    extended_public_key: str = Field(max_length=256)
    derivation_path: str = Field(max_length=64, pattern=DERIVATION_PATH,
                                 description="Relative, non-hardened, e.g. '0/1'.")
    gap_limit: int | None = Field(None, description="null means 10.", ge=1, le=MAX_GAP_LIMIT)


class LightningPayoutMethod(Strict):
    node_pubkey: str = NODE_PUBKEY
    message: str = MESSAGE
    signature: str = Field(max_length=256, description="zbase32 lightning signmessage signature.")


class OrderRequest(Strict):
    active: bool
    affiliate_id: str | None = AFFILIATE_ID
    fee_rate: float = Field(ge=FEE_RATE_MIN, le=FEE_RATE_MAX)
    payment_method: PaymentMethodRequest
    payout_method: OnchainPayoutMethod | ExtendedKeyPayoutMethod | LightningPayoutMethod


class OrderPatch(Strict):
    active: bool | None = None
    affiliate_id: str | None = AFFILIATE_ID
    fee_rate: float | None = Field(None, ge=FEE_RATE_MIN, le=FEE_RATE_MAX)


class PaymentMethod(Strict):
    currency: Literal["eur", "chf", "gbp"]
    debitor_iban: str
    creditor_reference: str
    creditor_iban: str
    creditor_bank_name: str
    creditor_bank_street: str
    creditor_bank_postal_code: str
    creditor_bank_town: str
    creditor_bank_country: str
    creditor_bank_bic: str
    creditor_name: str
    creditor_street: str
    creditor_postal_code: str
    creditor_town: str
    creditor_country: str
    swiss_qr_bill_payload: str | None


class Order(Strict):
    id: str
    active: bool
    created_on: str
    affiliate_id: str | None
    fee_rate: float
    payment_method: PaymentMethod
    payout_method: OnchainPayoutMethod | ExtendedKeyPayoutMethod | LightningPayoutMethod


class Action(Strict):
    code: Literal["identification_required"]
    identification_id: str


class Reason(Strict):
    code: Literal["order_inactive", "threshold_exceeded"]


class OnchainPayout(Strict):
    txid: str
    outpoint: int
    bitcoin_address: str
    derivation_path: str | None
    block_height: int | None
    confirmed: bool
    fee: float
    amount: float


class InvoicePayout(Strict):
    type: Literal["invoice"]
    status: Literal["pending", "succeeded", "failed"]
    invoice: str
    preimage: str | None
    fee: float
    amount: float


class ChannelPayout(Strict):
    type: Literal["channel"]
    status: Literal["pending", "succeeded", "failed"]
    node_address: str
    private: bool
    txid: str | None
    outpoint: int | None
    channel_id: str | None
    fee: float
    amount: float


class Exchange(Strict):
    id: str
    order_id: str
    fee_rate: float
    pair: Literal["btc/eur", "btc/chf", "btc/gbp"]
    type: Literal["buy", "sell"]
    cost: float
    executed_on: str | None
    amount: float | None
    rate: float | None
    fee: float | None
    action: Action | None
    reason: Reason | None
    payout: OnchainPayout | InvoicePayout | ChannelPayout | None


class InvoicePayoutRequest(Strict):
    type: Literal["invoice"]
    invoice: str = Field(max_length=4096)


class ChannelPayoutRequest(Strict):
    type: Literal["channel"]
    node_address: str | None = Field(None, max_length=512, description="pubkey@host:port")
    private: bool | None = None


class ExchangePatch(Strict):
    payout: InvoicePayoutRequest | ChannelPayoutRequest


class PayoutOption(Strict):
    """In `exchange.executed` of lightning orders, one per payout type the exchange allows:
    what Pocket keeps for it and what the receiving node gets, both in BTC. The channel option
    is left out when the exchange's amount does not cover the channel fee."""

    type: Literal["invoice", "channel"] = Field(
        description="`invoice`: PATCH with a BOLT11 invoice; `channel`: PATCH to open a channel "
        "that pushes the amount (push_msat)")
    fee: float = Field(ge=0, description="BTC kept by Pocket for this payout type")
    amount: float = Field(gt=0, description="BTC the node receives: the exchange's amount − fee")


ExchangeEventPayload = create_model(
    "ExchangeEventPayload",
    __base__=Strict,
    __doc__="The exchange as GET /v1/exchanges/{id} shows it, its id under `exchange_id`.",
    exchange_id=(str, ...),
    **{
        name: (field.annotation, field)
        for name, field in Exchange.model_fields.items()
        if name != "id"
    },  # type: ignore[call-overload]
    payout_options=(
        list[PayoutOption] | None,
        Field(None, description="Only in exchange.executed of lightning orders."),
    ),
)


class WebhookEvent(Strict):
    """POSTed to webhook endpoints with X-Signature-256 (HMAC-SHA256 of the body),
    X-Correlation-Id, X-Retry-Count and User-Agent Pocket-Webhook/1.0."""

    event: Literal[
        "exchange.executed", "exchange.interrupted", "exchange.refunded", "exchange.settled"
    ]
    payload: ExchangeEventPayload  # type: ignore[valid-type]


class TransferRequest(Strict):
    amount: float = Field(gt=0, le=FIAT_MAX, multiple_of=0.01,
                          description="Quote currency, at most 2 decimals.")


class BlocksRequest(Strict):
    count: int = Field(1, ge=1, le=MAX_BLOCKS)


class BlocksResult(Strict):
    height: int


class ChainPaymentRequest(Strict):
    address: str = Field(description="Any address of the sandbox's network.")
    amount: float = Field(gt=0, le=21, description="BTC, at most 8 decimals.")


class ChainPayment(Strict):
    """A payment from the sandbox's hot wallet, in the mempool until the next block."""

    txid: str
    outpoint: int = Field(description="The index of the output that pays `address`.")
    address: str
    amount: float
    fee: float


class ChainTip(Strict):
    height: int
    hash: str


class RateRequest(Strict):
    pair: Literal["btc/eur", "btc/chf", "btc/gbp"]
    rate: float = Field(gt=0, le=FIAT_MAX, multiple_of=0.01,
                        description="Quote currency per BTC, at most 2 decimals.")


class LightningInvoiceRequest(Strict):
    amount: float = Field(gt=0, le=MAX_BTC, multiple_of=1e-11,
                          description="BTC, as the exchange's amount (at most 11 decimals)")
    description: str = Field("", max_length=256)


class LightningInvoice(Strict):
    invoice: str = Field(description="BOLT11 of the simulated payee node, on the sandbox's network")
    payment_hash: str = Field(description="64 hex: sha256 of the preimage a payout reveals")
    node_pubkey: str = Field(description="the simulated payee node (66 hex)")


class LightningChannel(Strict):
    """A direct channel between Pocket's node and `node_pubkey`: channel payouts to that node
    answer `channel_payout_not_allowed` while it exists."""

    node_pubkey: str = Field(description="66 hex, lower case")
    channel_id: str = Field(description="BOLT 2 channel id (64 hex)")
    exchange_id: str | None = Field(
        description="the exchange whose channel payout opened it; null: set by the test helper")


class RateResult(Strict):
    pair: str
    rate: float


class WebhookRequest(Strict):
    url: str = Field(max_length=2048, pattern=WEBHOOK_URL, description="http(s) with a host")
    secret: str = Field(min_length=1, max_length=256)


class WebhookEndpoint(Strict):
    id: str
    url: str
    created_on: str


class IdentificationResult(Strict):
    id: str
    completed_on: str
    exchange_ids: list[str]


DOCUMENTED_ONLY: tuple[type[BaseModel], ...] = (WebhookEvent,)
WEBHOOK_EVENTS = (
    "exchange.executed",
    "exchange.interrupted",
    "exchange.refunded",
    "exchange.settled",
)


def body(model: type[BaseModel], required: bool = True) -> dict[str, Any]:
    """`openapi_extra` for a route whose JSON body `model` documents."""
    return {
        "requestBody": {
            "required": required,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }
