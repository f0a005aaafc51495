"""Exchanges and orders as Pocket's wire shows them (the reference's examples)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from pocketgui.api import jsonio
from pocketgui.history import Purchase
from pocketgui.store import Store

ORDER_ID = "64decab6-4129-4fe7-9f6e-1db68283f5ce"
XPUB = ("xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPBmxjJxHqBL7jwxKy33j4uJmHXQS"
        "NxRegEY2MukehJUe8s4mBkaFGBU")
ADDRESS = "bc1q5vvayqt3n4alhjaxy6ql4w2fs6r0y83rmvh3tg"
TXID = "c01c7a0fd270aa3876119098c0e2d51687a795efab99787e214d8a93ab9f8342"
_ids = itertools.count(1)


def order_wire(order_id: str = ORDER_ID, *, active: bool = True, fee_rate: str = "0.03",
               extended: bool = True, created_on: str = "2021-09-10T04:55:36.887Z"
               ) -> dict[str, Any]:
    payout: dict[str, Any] = {
        "bitcoin_address": "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY",
        "message": "I confirm my bitcoin wallet. [7v7t4Fmb]",
        "signature": "IKiJsfsAta7Id7Seq+j8EEfpFUj2LCVDRjQ+ZC3/akv+VfUznwmq9mkxQtvqz8NTr0t6"
                     "VnmTBcsEhHLMQYixHZM=",
    }
    if extended:
        payout.update(extended_public_key=XPUB, derivation_path="0/1", gap_limit=None)
    return {
        "id": order_id, "active": active, "created_on": created_on, "affiliate_id": None,
        "fee_rate": Decimal(fee_rate),
        "payment_method": {
            "currency": "chf", "debitor_iban": "DE75512108001245126199",
            "creditor_reference": "RF18GW8K79", "creditor_iban": "CH9400778214768302002",
            "creditor_bank_name": "Luzerner Kantonalbank",
            "creditor_bank_street": "Pilatusstrasse 12", "creditor_bank_postal_code": "6002",
            "creditor_bank_town": "Luzern", "creditor_bank_country": "CH",
            "creditor_bank_bic": "LUKBCH2260A", "creditor_name": "Pocket App",
            "creditor_street": "Industriestrasse 33", "creditor_postal_code": "5242",
            "creditor_town": "Lupfig", "creditor_country": "CH", "swiss_qr_bill_payload": None,
        },
        "payout_method": payout,
    }


def exchange_wire(state: str = "executed", *, cost: str = "100.00", fee: str = "1.50",
                  rate: str = "50000.00", amount: str = "0.00197000",
                  executed_on: str = "2021-09-15T14:35:10.122Z", order_id: str = ORDER_ID,
                  exchange_id: str | None = None, address: str = ADDRESS, txid: str = TXID,
                  reason: str = "threshold_exceeded") -> dict[str, Any]:
    executed = state in {"executed", "settled", "confirmed"}
    data: dict[str, Any] = {
        "id": exchange_id or f"00000000-0000-4000-8000-{next(_ids):012d}",
        "order_id": order_id, "fee_rate": Decimal("0.015"), "pair": "btc/chf", "type": "buy",
        "cost": Decimal(cost),
        "executed_on": executed_on if executed else None,
        "amount": Decimal(amount) if executed else None,
        "rate": Decimal(rate) if executed else None,
        "fee": Decimal(fee) if executed else None,
        "action": None, "reason": None, "payout": None,
    }
    if state == "interrupted":
        data["action"] = {"code": "identification_required",
                          "identification_id": "7bf967b5-3d34-4cd6-936c-6631811401d2"}
    if state == "refunded":
        data["reason"] = {"code": reason}
    if state in {"settled", "confirmed"}:
        data["payout"] = {"txid": txid, "outpoint": 1, "bitcoin_address": address,
                          "derivation_path": "0/2", "block_height": 101 if state == "confirmed"
                          else None, "confirmed": state == "confirmed",
                          "fee": Decimal("0.00000190"),
                          "amount": Decimal(amount) - Decimal("0.00000190")}
    return data


def purchase(state: str = "executed", flags: frozenset[str] = frozenset(), **fields: Any
             ) -> Purchase:
    from pocketgui.api.models import Exchange

    return Purchase(Exchange.from_wire(exchange_wire(state, **fields)), flags,
                    "2021-09-15T14:35:09.000+00:00", "2021-09-15T14:35:09.000+00:00")


def store_exchange(store: Store, data: dict[str, Any], state: str, source: str = "poll") -> None:
    store.record_exchange("sandbox", data["id"], data["order_id"], state, jsonio.dumps(data),
                          source, final=state in {"confirmed", "refunded"})
