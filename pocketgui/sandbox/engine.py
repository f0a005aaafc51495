"""The simulation: bank transfers become exchanges, exchanges execute and settle, blocks confirm.

Deterministic rules (see the sandbox contract): inactive order → refunded `order_inactive`;
above max_transfer → refunded `threshold_exceeded`; the client's executed total above the
identification threshold while unidentified → interrupted `identification_required`;
otherwise executed at the current rate, and on-chain orders settle (now, or after
settle_delay). Every state change writes its webhook event in the same transaction.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
import uuid
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import Any

from pocketgui.bitcoin.amounts import BTC_QUANT, FIAT_QUANT, btc_to_sat
from pocketgui.sandbox import exchanges, orders, webhooks
from pocketgui.sandbox.chain import ledger, node
from pocketgui.sandbox.chain.scripts import script_for_address
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.errors import ErrorCode, invalid
from pocketgui.sandbox.jsonio import dumps, format_timestamp, utc_now
from pocketgui.sandbox.ownership import derive_payout_address, path_at_offset, payout_script_type
from pocketgui.sandbox.store import load_owned

DEFAULT_RATES = {
    "btc/eur": Decimal("60000.00"),
    "btc/chf": Decimal("56000.00"),
    "btc/gbp": Decimal("50000.00"),
}
NETWORK_FEE = Decimal("0.00000190")
MAX_AMOUNT = Decimal("1000000000")
MAX_BLOCKS = 1000
MAX_PAYMENT = Decimal("21")  # BTC per test payment: a few blocks' rewards
SETTLE_ONCHAIN = "settle_onchain"


def money(value: Decimal, code: ErrorCode) -> Decimal:
    """A positive fiat amount with at most 2 decimals."""
    if not value.is_finite() or not Decimal(0) < value <= MAX_AMOUNT:
        raise invalid(f"must be more than 0 and at most {MAX_AMOUNT}", code)
    if value != value.quantize(FIAT_QUANT):
        raise invalid("at most 2 decimals", code)
    return value.quantize(FIAT_QUANT)


def rate_of(cx: sqlite3.Connection, pair: str) -> Decimal:
    row = cx.execute("SELECT rate FROM rates WHERE pair = ?", (pair,)).fetchone()
    return DEFAULT_RATES[pair] if row is None else Decimal(row["rate"])


def set_rate(cx: sqlite3.Connection, pair: str, rate: Decimal) -> dict[str, Any]:
    if pair not in DEFAULT_RATES:
        raise invalid("pair must be btc/eur, btc/chf or btc/gbp", ErrorCode.INVALID_PAIR)
    rate = money(rate, ErrorCode.INVALID_RATE)
    cx.execute("INSERT OR REPLACE INTO rates (pair, rate) VALUES (?, ?)", (pair, str(rate)))
    return {"pair": pair, "rate": rate}


def emit(cx: sqlite3.Connection, exchange_id: str, event: str) -> None:
    row = exchanges.load_by_id(cx, exchange_id)
    webhooks.enqueue(cx, row["client_id"], event, exchanges.event_payload(row, event))


def receive_transfer(
    cx: sqlite3.Connection, config: SandboxConfig, client_id: str, order_id: str, amount: Decimal
) -> dict[str, Any]:
    order = orders.load(cx, client_id, order_id)
    cost = money(amount, ErrorCode.INVALID_AMOUNT)
    exchange_id = str(uuid.uuid4())
    cx.execute(
        "INSERT INTO exchanges (id, client_id, order_id, created_on, fee_rate, pair, type, cost, "
        "lightning) VALUES (?, ?, ?, ?, ?, ?, 'buy', ?, ?)",
        (
            exchange_id,
            client_id,
            order_id,
            format_timestamp(utc_now()),
            order["fee_rate"],
            f"btc/{order['currency']}",
            str(cost),
            int(orders.payout_method_of(order).is_lightning),
        ),
    )
    if not order["active"]:
        _refund(cx, exchange_id, "order_inactive")
    elif cost > config.max_transfer:
        _refund(cx, exchange_id, "threshold_exceeded")
    elif not _identified(cx, client_id) and (
        _executed_total(cx, client_id) + cost > config.identification_threshold
    ):
        _interrupt(cx, client_id, exchange_id)
    else:
        _execute(cx, config, exchange_id)
    return exchanges.render(exchanges.load_by_id(cx, exchange_id))


def _refund(cx: sqlite3.Connection, exchange_id: str, reason: str) -> None:
    cx.execute("UPDATE exchanges SET reason_code = ? WHERE id = ?", (reason, exchange_id))
    emit(cx, exchange_id, "exchange.refunded")


def _identified(cx: sqlite3.Connection, client_id: str) -> bool:
    row = cx.execute(
        "SELECT 1 FROM identifications WHERE client_id = ? AND completed_on IS NOT NULL LIMIT 1",
        (client_id,),
    ).fetchone()
    return row is not None


def _executed_total(cx: sqlite3.Connection, client_id: str) -> Decimal:
    rows = cx.execute(
        "SELECT cost FROM exchanges WHERE client_id = ? AND executed_on IS NOT NULL", (client_id,)
    ).fetchall()
    return sum((Decimal(row["cost"]) for row in rows), Decimal(0))


def _interrupt(cx: sqlite3.Connection, client_id: str, exchange_id: str) -> None:
    row = cx.execute(
        "SELECT id FROM identifications WHERE client_id = ? AND completed_on IS NULL",
        (client_id,),
    ).fetchone()
    if row is None:
        identification_id = str(uuid.uuid4())
        cx.execute(
            "INSERT INTO identifications (id, client_id, created_on) VALUES (?, ?, ?)",
            (identification_id, client_id, format_timestamp(utc_now())),
        )
    else:
        identification_id = row["id"]
    cx.execute(
        "UPDATE exchanges SET identification_id = ? WHERE id = ?", (identification_id, exchange_id)
    )
    emit(cx, exchange_id, "exchange.interrupted")


def _execute(cx: sqlite3.Connection, config: SandboxConfig, exchange_id: str) -> None:
    row = exchanges.load_by_id(cx, exchange_id)
    cost = Decimal(row["cost"])
    rate = rate_of(cx, row["pair"])
    fee = (cost * Decimal(row["fee_rate"])).quantize(FIAT_QUANT, rounding=ROUND_HALF_EVEN)
    amount = ((cost - fee) / rate).quantize(BTC_QUANT, rounding=ROUND_DOWN)
    cx.execute(
        "UPDATE exchanges SET executed_on = ?, rate = ?, fee = ?, amount = ? WHERE id = ?",
        (format_timestamp(utc_now()), str(rate), str(fee), str(amount), exchange_id),
    )
    emit(cx, exchange_id, "exchange.executed")
    if row["lightning"]:
        return  # waits for the client's PATCH with a payout
    if config.settle_delay > 0:
        schedule(cx, SETTLE_ONCHAIN, exchange_id, config.settle_delay)
    else:
        settle_onchain(cx, config, exchange_id)


def schedule(cx: sqlite3.Connection, kind: str, exchange_id: str, delay: float) -> None:
    cx.execute(
        "INSERT INTO jobs (kind, exchange_id, due_at) VALUES (?, ?, ?)",
        (kind, exchange_id, time.time() + delay),
    )


def settle_onchain(cx: sqlite3.Connection, config: SandboxConfig, exchange_id: str) -> None:
    """Broadcast the payout: to the order's address, or with an extended public key to the next
    address of the chain that no earlier payout of this order used."""
    row = exchanges.load_by_id(cx, exchange_id)
    order = cx.execute("SELECT * FROM orders WHERE id = ?", (row["order_id"],)).fetchone()
    method = orders.payout_method_of(order)
    assert method.bitcoin_address is not None
    address, path, index = method.bitcoin_address, None, None
    if method.extended_public_key is not None and method.derivation_path is not None:
        (last,) = cx.execute(
            "SELECT MAX(payout_index) FROM exchanges WHERE order_id = ?", (row["order_id"],)
        ).fetchone()
        index = 0 if last is None else last + 1
        path = path_at_offset(method.derivation_path, index)
        script_type = payout_script_type(method.bitcoin_address, config.network)
        address = derive_payout_address(
            method.extended_public_key, path, script_type, config.network
        )
    amount = Decimal(row["amount"])
    network_fee = min(NETWORK_FEE, amount)
    sent = _pay(cx, script_for_address(address, config.network), amount - network_fee,
                network_fee, payee_first=secrets.randbelow(2) == 0)
    payout = {
        "txid": sent.txid,
        "outpoint": sent.vout,
        "bitcoin_address": address,
        "derivation_path": path,
        "block_height": None,
        "confirmed": False,
        "fee": network_fee,
        "amount": amount - network_fee,
    }
    cx.execute(
        "UPDATE exchanges SET payout = ?, payout_state = 'broadcast', payout_index = ? "
        "WHERE id = ?",
        (dumps(payout), index, exchange_id),
    )
    emit(cx, exchange_id, "exchange.settled")


def _pay(cx: sqlite3.Connection, script: bytes, value: Decimal, fee: Decimal,
         payee_first: bool = True) -> node.Sent:
    try:
        return node.pay(cx, script, btc_to_sat(value), btc_to_sat(fee), payee_first)
    except node.InsufficientFunds as exc:
        # invalid_amount, not a code of its own: the app's error table covers the helpers'
        # codes one by one, and "more than the hot wallet holds" is a wrong amount for a test.
        raise invalid(f"the sandbox's hot wallet cannot pay this: {exc}; mine blocks to fund it",
                      ErrorCode.INVALID_AMOUNT) from None


def pay_address(cx: sqlite3.Connection, config: SandboxConfig, address: str,
                amount: Decimal) -> dict[str, Any]:
    """A payment from the hot wallet to any address of the network (not an exchange)."""
    try:
        script = script_for_address(address, config.network)
    except ValueError as exc:
        raise invalid(str(exc), ErrorCode.INVALID_BITCOIN_ADDRESS) from None
    if not amount.is_finite() or not Decimal(0) < amount <= MAX_PAYMENT or (
        amount != amount.quantize(BTC_QUANT)
    ):
        raise invalid(f"amount must be BTC above 0, at most {MAX_PAYMENT}, with at most 8 "
                      "decimals", ErrorCode.INVALID_AMOUNT)
    sent = _pay(cx, script, amount, NETWORK_FEE)
    return {"txid": sent.txid, "outpoint": sent.vout, "address": address, "amount": amount,
            "fee": NETWORK_FEE}


def chain_tip(cx: sqlite3.Connection) -> dict[str, Any]:
    tip = ledger.tip(cx)
    assert tip is not None
    return {"height": tip.height, "hash": tip.hash}


def mine(cx: sqlite3.Connection, count: int) -> dict[str, int]:
    """Mine real blocks; payouts whose transaction a block took become confirmed."""
    if not 1 <= count <= MAX_BLOCKS:
        raise invalid(f"count must be 1..{MAX_BLOCKS}", ErrorCode.INVALID_BLOCK_COUNT)
    tip = ledger.tip(cx)
    assert tip is not None
    height = node.mine(cx, count)
    for row in cx.execute("SELECT * FROM exchanges WHERE payout_state = 'broadcast'").fetchall():
        payout = exchanges.payout_of(row)
        assert payout is not None
        mined = ledger.tx(cx, payout["txid"])
        if mined is not None and mined.height is None:
            continue  # not taken (cannot happen today: a block takes the whole mempool)
        # A payout the chain does not know comes from a database older than the chain: it
        # confirms in the first new block, as it did then.
        block_height = tip.height + 1 if mined is None else mined.height
        payout.update(block_height=block_height, confirmed=True)
        cx.execute(
            "UPDATE exchanges SET payout = ?, payout_state = 'confirmed' WHERE id = ?",
            (dumps(payout), row["id"]),
        )
    return {"height": height}


def complete_identification(
    cx: sqlite3.Connection, config: SandboxConfig, client_id: str, identification_id: str
) -> dict[str, Any]:
    """The person identified: every exchange the identification held executes now."""
    row = load_owned(cx, "identifications", client_id, identification_id)
    if row["completed_on"] is not None:
        raise invalid("already completed", ErrorCode.IDENTIFICATION_COMPLETED)
    completed_on = format_timestamp(utc_now())
    cx.execute(
        "UPDATE identifications SET completed_on = ? WHERE id = ?",
        (completed_on, identification_id),
    )
    held = cx.execute(
        "SELECT id FROM exchanges WHERE identification_id = ? AND executed_on IS NULL "
        "AND reason_code IS NULL ORDER BY created_on",
        (identification_id,),
    ).fetchall()
    for exchange in held:
        _execute(cx, config, exchange["id"])
    return {
        "id": identification_id,
        "completed_on": completed_on,
        "exchange_ids": [exchange["id"] for exchange in held],
    }
