"""PATCH /v1/exchanges/{id}: how an executed lightning exchange is paid out.

Every error code of the reference is checked against the decoded invoice (signature verified by
pocketgui.bitcoin) or the channel request. An accepted payout is `pending`; the job runner
completes it (succeeded or failed) after settle_delay.
"""

from __future__ import annotations

import secrets
import sqlite3
from decimal import Decimal
from typing import Any

from pocketgui.bitcoin.bolt11 import decode_invoice
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.lightning import is_node_pubkey, parse_node_address
from pocketgui.sandbox import engine, exchanges, lightning_node, orders
from pocketgui.sandbox.body import Fields
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.errors import ErrorCode, invalid
from pocketgui.sandbox.jsonio import dumps

COMPLETE_LIGHTNING = "complete_lightning"


def patch(
    cx: sqlite3.Connection,
    config: SandboxConfig,
    client_id: str,
    exchange_id: str,
    fields: Fields,
) -> dict[str, Any]:
    row = exchanges.load(cx, client_id, exchange_id)
    request = fields.object("payout")
    fields.reject_unknown()
    assert request is not None
    if not row["lightning"]:
        raise invalid("on-chain exchanges pay out by themselves", ErrorCode.NOT_LIGHTNING_EXCHANGE)
    if row["executed_on"] is None:
        raise invalid("the exchange has not executed", ErrorCode.EXCHANGE_NOT_EXECUTED)
    current = exchanges.payout_of(row)
    if current is not None and current["status"] == "pending":
        raise invalid("a payout is in progress", ErrorCode.IN_PROGRESS)
    if current is not None and current["status"] == "succeeded":
        raise invalid("the payout is completed", ErrorCode.ALREADY_COMPLETED)
    order = cx.execute("SELECT * FROM orders WHERE id = ?", (row["order_id"],)).fetchone()
    node_pubkey = orders.payout_method_of(order).node_pubkey
    assert node_pubkey is not None
    amount = Decimal(row["amount"])
    kind = request.string("type", max_length=16)
    if kind == "invoice":
        payout = _invoice_payout(request, config, node_pubkey, amount)
    elif kind == "channel":
        payout = _channel_payout(cx, request, node_pubkey, amount)
    else:
        raise invalid("payout.type must be invoice or channel", ErrorCode.INVALID_PAYOUT_TYPE)
    cx.execute(
        "UPDATE exchanges SET payout = ?, payout_state = 'pending' WHERE id = ?",
        (dumps(payout), exchange_id),
    )
    engine.schedule(cx, COMPLETE_LIGHTNING, exchange_id, config.settle_delay)
    return exchanges.render(exchanges.load_by_id(cx, exchange_id))


def _invoice_payout(
    request: Fields, config: SandboxConfig, node_pubkey: str, amount: Decimal
) -> dict[str, Any]:
    text = request.string("invoice", max_length=4096)
    request.reject_unknown()
    assert text is not None
    try:
        invoice = decode_invoice(text.strip())
    except BitcoinError as exc:  # InvalidInvoice
        raise invalid(str(exc), ErrorCode.INVALID_INVOICE) from exc
    if invoice.network != config.network:
        raise invalid(f"not a {config.network.value} invoice", ErrorCode.INVOICE_NETWORK)
    if invoice.amount_msat != lightning_node.to_msat(amount):
        raise invalid("the invoice must ask for the exchange's amount", ErrorCode.INVOICE_AMOUNT)
    if invoice.is_expired():
        raise invalid("the invoice has expired", ErrorCode.INVOICE_EXPIRED)
    if invoice.payee != node_pubkey.lower():
        raise invalid("the invoice is not of the order's node", ErrorCode.UNEXPECTED_NODE_PUBKEY)
    return {
        "type": "invoice",
        "status": "pending",
        "invoice": text,
        "preimage": None,
        "fee": lightning_node.INVOICE_FEE,
        "amount": amount - lightning_node.INVOICE_FEE,
    }


def _channel_payout(
    cx: sqlite3.Connection, request: Fields, node_pubkey: str, amount: Decimal
) -> dict[str, Any]:
    node_address = request.string("node_address", required=False, max_length=512)
    private = request.boolean("private", required=False)
    request.reject_unknown()
    if node_address is None:
        node_address = lightning_node.resolve(node_pubkey)
        if node_address is None:
            raise invalid("the node's address is unknown", ErrorCode.NODE_ADDRESS_REQUIRED)
    address = parse_node_address(node_address)
    if address is None:
        raise invalid("node_address must be pubkey@host:port", ErrorCode.INVALID_NODE_ADDRESS)
    if address.pubkey != node_pubkey.lower():
        raise invalid("node_address is of another node", ErrorCode.UNEXPECTED_NODE_PUBKEY)
    existing = cx.execute(
        "SELECT 1 FROM lightning_channels WHERE node_pubkey = ?", (address.pubkey,)
    ).fetchone()
    if existing is not None:
        raise invalid("a direct channel exists", ErrorCode.CHANNEL_PAYOUT_NOT_ALLOWED)
    if not lightning_node.can_connect(address.pubkey, address.host_port):
        raise invalid("unable to connect to the node", ErrorCode.CONNECT)
    if amount <= lightning_node.CHANNEL_FEE:
        raise invalid(
            "the amount does not cover the channel fee", ErrorCode.CHANNEL_AMOUNT_TOO_SMALL
        )
    return {
        "type": "channel",
        "status": "pending",
        "node_address": node_address,
        "private": bool(private),
        "txid": None,
        "outpoint": None,
        "channel_id": None,
        "fee": lightning_node.CHANNEL_FEE,
        "amount": amount - lightning_node.CHANNEL_FEE,
    }


def complete(cx: sqlite3.Connection, exchange_id: str) -> None:
    """The payout's outcome: paid (preimage / funded channel) or failed (no route)."""
    row = exchanges.load_by_id(cx, exchange_id)
    payout = exchanges.payout_of(row)
    if payout is None or payout["status"] != "pending":
        return
    if payout["type"] == "invoice":
        preimage = lightning_node.settle_invoice(decode_invoice(payout["invoice"].strip()))
        payout.update(status="failed" if preimage is None else "succeeded", preimage=preimage)
    else:
        txid, outpoint = secrets.token_hex(32), secrets.randbelow(2)
        payout.update(
            status="succeeded", txid=txid, outpoint=outpoint, channel_id=channel_id(txid, outpoint)
        )
        pubkey = str(payout["node_address"]).split("@", 1)[0].lower()
        cx.execute(
            "INSERT OR REPLACE INTO lightning_channels (node_pubkey, channel_id, exchange_id) "
            "VALUES (?, ?, ?)",
            (pubkey, payout["channel_id"], exchange_id),
        )
    cx.execute(
        "UPDATE exchanges SET payout = ?, payout_state = ? WHERE id = ?",
        (dumps(payout), payout["status"], exchange_id),
    )
    if payout["status"] == "succeeded":
        engine.emit(cx, exchange_id, "exchange.settled")


def channel_id(txid: str, outpoint: int) -> str:
    """BOLT 2 channel_id: the funding txid (internal byte order) XOR the output index."""
    funding = bytearray(bytes.fromhex(txid)[::-1])
    funding[-2] ^= (outpoint >> 8) & 0xFF
    funding[-1] ^= outpoint & 0xFF
    return bytes(funding).hex()


# -- test helper: a direct channel opened outside Pocket's payouts ---------------------------------


def _channel_key(node_pubkey: str) -> str:
    key = node_pubkey.strip().lower()
    if not is_node_pubkey(key):
        raise invalid("node_pubkey must be 66 hex characters starting with 02 or 03",
                      ErrorCode.INVALID_NODE_PUBKEY)
    return key


def set_direct_channel(cx: sqlite3.Connection, node_pubkey: str) -> dict[str, Any]:
    """Pocket's node now has a direct channel to `node_pubkey` (opened elsewhere), so channel
    payouts to it answer `channel_payout_not_allowed`. Idempotent: an existing channel stays."""
    key = _channel_key(node_pubkey)
    row = cx.execute("SELECT channel_id, exchange_id FROM lightning_channels WHERE node_pubkey = ?",
                     (key,)).fetchone()
    if row is None:
        channel = channel_id(secrets.token_hex(32), 0)
        cx.execute("INSERT INTO lightning_channels (node_pubkey, channel_id, exchange_id) "
                   "VALUES (?, ?, '')", (key, channel))
        return {"node_pubkey": key, "channel_id": channel, "exchange_id": None}
    return {"node_pubkey": key, "channel_id": row["channel_id"],
            "exchange_id": row["exchange_id"] or None}


def remove_direct_channel(cx: sqlite3.Connection, node_pubkey: str) -> None:
    """The channel to `node_pubkey` is closed (if there was one): channel payouts are allowed."""
    cx.execute("DELETE FROM lightning_channels WHERE node_pubkey = ?", (_channel_key(node_pubkey),))
