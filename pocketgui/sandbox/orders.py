"""Orders: validation of a new order, its storage, PATCH of the three mutable fields, rendering."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pocketgui.formats.bank_codes import iban
from pocketgui.sandbox import payment_instructions
from pocketgui.sandbox.body import Fields
from pocketgui.sandbox.errors import ErrorCode, invalid
from pocketgui.sandbox.jsonio import format_timestamp, utc_now
from pocketgui.sandbox.ownership import PayoutMethod, parse_payout_method
from pocketgui.sandbox.store import load_owned

MIN_FEE_RATE = Decimal("0.012")
MAX_FEE_RATE = Decimal("0.045")
PATCHABLE = ("active", "affiliate_id", "fee_rate")
StoredOrder = sqlite3.Row | Mapping[str, Any]  # a row of `orders`, as read or as just written
IMMUTABLE = ("id", "created_on", "payment_method", "payout_method")


@dataclass(frozen=True)
class NewOrder:
    active: bool
    affiliate_id: str | None
    fee_rate: Decimal
    currency: str
    debitor_iban: str
    payout_method: PayoutMethod


def fee_rate(value: Decimal) -> Decimal:
    if not MIN_FEE_RATE <= value <= MAX_FEE_RATE:
        raise invalid(
            f"fee_rate must be {MIN_FEE_RATE}..{MAX_FEE_RATE}", ErrorCode.INVALID_FEE_RATE
        )
    return value


def affiliate_id(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        uuid.UUID(value)
    except ValueError as exc:
        raise invalid("affiliate_id is not a UUID", ErrorCode.INVALID_AFFILIATE_ID) from exc
    return value


@lru_cache(maxsize=4096)
def debitor_iban(value: str) -> str:
    """The IBAN in compact form; schwifty checks the country's length, checksum and BBAN."""
    try:
        return iban(value)
    except ValueError as exc:
        raise invalid(str(exc), ErrorCode.INVALID_IBAN) from exc


def parse_new_order(fields: Fields) -> NewOrder:
    active = fields.boolean("active")
    rate = fields.number("fee_rate")
    affiliate = fields.string("affiliate_id", required=False, max_length=64)
    payment = fields.object("payment_method")
    payout = fields.object("payout_method")
    fields.reject_unknown()
    assert active is not None and rate is not None and payment is not None and payout is not None
    currency = payment.string("currency", max_length=8)
    iban = payment.string("debitor_iban", max_length=64)
    payment.reject_unknown()
    assert currency is not None and iban is not None
    if currency not in payment_instructions.CURRENCIES:
        raise invalid("currency must be eur, chf or gbp", ErrorCode.INVALID_CURRENCY)
    method = parse_payout_method(payout)
    return NewOrder(
        active, affiliate_id(affiliate), fee_rate(rate), currency, debitor_iban(iban), method
    )


def insert(
    cx: sqlite3.Connection, client_id: str, challenge_id: str, order: NewOrder
) -> dict[str, Any]:
    """Store the order; answers the stored columns (what `render` reads)."""
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "client_id": client_id,
        "active": int(order.active),
        "created_on": format_timestamp(utc_now()),
        "affiliate_id": order.affiliate_id,
        "fee_rate": format(order.fee_rate, "f"),
        "currency": order.currency,
        "debitor_iban": order.debitor_iban,
        "payout_method": json.dumps(vars(order.payout_method)),
        "challenge_id": challenge_id,
    }
    while True:
        row["creditor_reference"] = reference = payment_instructions.new_creditor_reference()
        row["swiss_qr_bill_payload"] = payment_instructions.swiss_qr_bill_payload(
            order.currency, reference
        )
        try:
            cx.execute(
                "INSERT INTO orders (id, client_id, active, created_on, affiliate_id, fee_rate, "
                "currency, debitor_iban, creditor_reference, swiss_qr_bill_payload, "
                "payout_method, challenge_id) VALUES (:id, :client_id, :active, :created_on, "
                ":affiliate_id, :fee_rate, :currency, :debitor_iban, :creditor_reference, "
                ":swiss_qr_bill_payload, :payout_method, :challenge_id)",
                row,
            )
        except sqlite3.IntegrityError:  # a reference collision: draw again
            continue
        return row


def load(cx: sqlite3.Connection, client_id: str, order_id: str) -> sqlite3.Row:
    return load_owned(cx, "orders", client_id, order_id)


def payout_method_of(row: StoredOrder) -> PayoutMethod:
    return PayoutMethod.from_stored(json.loads(row["payout_method"]))


def render(row: StoredOrder) -> dict[str, Any]:
    return {
        "id": row["id"],
        "active": bool(row["active"]),
        "created_on": row["created_on"],
        "affiliate_id": row["affiliate_id"],
        "fee_rate": Decimal(row["fee_rate"]),
        "payment_method": payment_instructions.payment_method(
            row["currency"],
            row["debitor_iban"],
            row["creditor_reference"],
            row["swiss_qr_bill_payload"],
        ),
        "payout_method": payout_method_of(row).render(),
    }


def patch(cx: sqlite3.Connection, client_id: str, order_id: str, fields: Fields) -> dict[str, Any]:
    for name in fields.data:
        if name in IMMUTABLE:
            raise invalid(f"{name} cannot be changed", ErrorCode.FIELD_NOT_PATCHABLE)
    active = fields.boolean("active", required=False)
    rate = fields.number("fee_rate", required=False)
    changes: dict[str, Any] = {}
    if active is not None:
        changes["active"] = int(active)
    if rate is not None:
        changes["fee_rate"] = format(fee_rate(rate), "f")
    if "affiliate_id" in fields.data:  # null clears it
        changes["affiliate_id"] = affiliate_id(
            fields.string("affiliate_id", required=False, max_length=64)
        )
    fields.reject_unknown()
    load(cx, client_id, order_id)
    for column, value in changes.items():  # column names come from PATCHABLE only
        cx.execute(f"UPDATE orders SET {column} = ? WHERE id = ?", (value, order_id))
    return render(load(cx, client_id, order_id))
