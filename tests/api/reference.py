"""The example payloads of the reference text, verbatim (as JSON text, so Decimals survive)."""

from __future__ import annotations

from pocketgui.api import jsonio
from pocketgui.api.models import Order

ADDRESS = "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"
SIGNATURE = (
    "IKiJsfsAta7Id7Seq+j8EEfpFUj2LCVDRjQ+ZC3/akv+VfUznwmq9mkxQtvqz8NTr0t6VnmTBcsEhHLMQYixHZM="
)
XPUB = (
    "xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPBmxjJxHqBL7jwxKy33j4uJmHXQSNxRegEY2"
    "MukehJUe8s4mBkaFGBU"
)

CHALLENGE = """{"id": "95ab94f0-bd8d-410c-bfc8-b1f27d43b0c0", "token": "7v7t4Fmb",
"expires_on": "2022-01-10T00:25:11.123Z", "completed_on": null}"""

ORDER = """{
"id": "64decab6-4129-4fe7-9f6e-1db68283f5ce", "active": true,
"created_on": "2021-09-10T04:55:36.887Z",
"affiliate_id": "8ed13c2a-a8c6-4f0e-b43e-3fdbf1f094a6", "fee_rate": 0.03,
"payment_method": {"currency": "chf", "debitor_iban": "DE75512108001245126199",
"creditor_reference": "RF18GW8K79", "creditor_iban": "CH9400778214768302002",
"creditor_bank_name": "Luzerner Kantonalbank", "creditor_bank_street": "Pilatusstrasse 12",
"creditor_bank_postal_code": "6002", "creditor_bank_town": "Luzern",
"creditor_bank_country": "CH", "creditor_bank_bic": "LUKBCH2260A",
"creditor_name": "Pocket App", "creditor_street": "Industriestrasse 33",
"creditor_postal_code": "5242", "creditor_town": "Lupfig", "creditor_country": "CH",
"swiss_qr_bill_payload": null},
"payout_method": {"bitcoin_address": "ADDRESS", "message": "MESSAGE", "signature": "SIGNATURE",
"extended_public_key": "XPUB", "derivation_path": "0/1", "gap_limit": null}
}"""
for _name, _value in [("ADDRESS", ADDRESS), ("MESSAGE", MESSAGE), ("SIGNATURE", SIGNATURE),
                      ("XPUB", XPUB)]:
    ORDER = ORDER.replace(_name, _value)

LIGHTNING_PAYOUT_METHOD = """{
"node_pubkey": "02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c",
"message": "I confirm my bitcoin wallet. [7v7t4Fmb]",
"signature": "LN_SIGNATURE"
}""".replace(
    "LN_SIGNATURE",
    "rywfek6717yuqpfpjmghyf173obgswr9uw5wbfsfhc8exjomftm71st4cyxprzkx5juxiokhbxm8rzkxoz8e3zmmpa644t"
    "udgt119s91",
)

_EXCHANGE = """{
"id": "a2d75998-5ee5-4501-a4cf-4e3788732b7a", "order_id": "64decab6-4129-4fe7-9f6e-1db68283f5ce",
"fee_rate": 0.015, "pair": "btc/chf", "type": "buy", "cost": 100.00, %s}"""

EXECUTED = _EXCHANGE % """"executed_on": "2021-09-15T14:35:10.122Z", "amount": 0.00197000,
"rate": 50000.00, "fee": 1.50, "action": null, "reason": null, "payout": null"""

INTERRUPTED = _EXCHANGE % """"executed_on": null, "amount": null, "rate": null, "fee": null,
"action": {"code": "identification_required",
"identification_id": "7bf967b5-3d34-4cd6-936c-6631811401d2"}, "reason": null, "payout": null"""

REFUNDED = _EXCHANGE % """"executed_on": null, "amount": null, "rate": null, "fee": null,
"action": null, "reason": {"code": "threshold_exceeded"}, "payout": null"""

SETTLED = _EXCHANGE % """"executed_on": "2021-09-15T14:35:10.122Z", "amount": 0.00197000,
"rate": 50000.00, "fee": 1.50, "action": null, "reason": null, "payout": {
"txid": "c01c7a0fd270aa3876119098c0e2d51687a795efab99787e214d8a93ab9f8342", "outpoint": 1,
"bitcoin_address": "bc1q5vvayqt3n4alhjaxy6ql4w2fs6r0y83rmvh3tg", "derivation_path": null,
"block_height": null, "confirmed": false, "fee": 0.00000190, "amount": 0.0019681}"""

INVOICE_PAYOUT = _EXCHANGE % """"executed_on": "2021-09-15T14:35:10.122Z", "amount": 0.00197000,
"rate": 50000.00, "fee": 1.50, "action": null, "reason": null, "payout": {"type": "invoice",
"status": "pending", "invoice": "lnbcrt585180n1pjrucjg", "preimage": null, "fee": 0,
"amount": 0.00197000}"""

CHANNEL_PAYOUT = _EXCHANGE % """"executed_on": "2021-09-15T14:35:10.122Z", "amount": 0.00197000,
"rate": 50000.00, "fee": 1.50, "action": null, "reason": null, "payout": {"type": "channel",
"status": "pending",
"node_address":
"02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c@34.65.45.157:9736",
"private": true, "txid": null, "outpoint": null, "channel_id": null, "fee": 0.0001,
"amount": 0.00187000}"""


def order() -> Order:
    """The reference example order, parsed."""
    return Order.from_wire(jsonio.loads(ORDER))
