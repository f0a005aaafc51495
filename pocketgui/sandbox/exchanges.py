"""Exchanges as the wire shows them, and the payload of their webhook events.

The state is derived, as on the wire: `reason` → refunded, `action` → interrupted,
`payout` → settled (or a lightning payout under way), `executed_on` alone → executed.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any

from pocketgui.sandbox import lightning_node
from pocketgui.sandbox.jsonio import loads
from pocketgui.sandbox.store import load_owned


def load(cx: sqlite3.Connection, client_id: str, exchange_id: str) -> sqlite3.Row:
    return load_owned(cx, "exchanges", client_id, exchange_id)


def load_by_id(cx: sqlite3.Connection, exchange_id: str) -> sqlite3.Row:
    row = cx.execute("SELECT * FROM exchanges WHERE id = ?", (exchange_id,)).fetchone()
    assert row is not None, exchange_id
    return row


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def payout_of(row: sqlite3.Row) -> dict[str, Any] | None:
    return None if row["payout"] is None else dict(loads(row["payout"]))


def render(row: sqlite3.Row) -> dict[str, Any]:
    interrupted = (
        row["identification_id"] is not None
        and row["executed_on"] is None
        and row["reason_code"] is None
    )
    return {
        "id": row["id"],
        "order_id": row["order_id"],
        "fee_rate": Decimal(row["fee_rate"]),
        "pair": row["pair"],
        "type": row["type"],
        "cost": Decimal(row["cost"]),
        "executed_on": row["executed_on"],
        "amount": _decimal(row["amount"]),
        "rate": _decimal(row["rate"]),
        "fee": _decimal(row["fee"]),
        "action": (
            {"code": "identification_required", "identification_id": row["identification_id"]}
            if interrupted
            else None
        ),
        "reason": None if row["reason_code"] is None else {"code": row["reason_code"]},
        "payout": payout_of(row),
    }


def event_payload(row: sqlite3.Row, event: str) -> dict[str, Any]:
    """The exchange under `exchange_id`; lightning executions add their payout options."""
    rendered = render(row)
    payload = {"exchange_id": rendered.pop("id"), **rendered}
    if event == "exchange.executed" and row["lightning"] and row["amount"] is not None:
        payload["payout_options"] = lightning_node.payout_options(Decimal(row["amount"]))
    return payload
