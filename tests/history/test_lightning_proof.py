"""A lightning payout Pocket calls succeeded counts as paid only with the preimage that hashes to
the invoice's payment hash: table label, totals, timeline, CSV and the words all agree."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pytest

from pocketgui.api.models import Exchange
from pocketgui.bitcoin import Network, encode_invoice
from pocketgui.history import (
    Purchase,
    Step,
    mismatch_text,
    parse_csv,
    purchase_label,
    purchases_csv,
    timeline,
    totals,
)
from pocketgui.sandbox import lightning_node
from pocketgui.tracking.lightning_proof import unproven
from tests.history.wire import exchange_wire

PREIMAGE = bytes(range(32))
INVOICE = encode_invoice(lightning_node.PRIVATE_KEY, Network.REGTEST, 197_000_000,
                         hashlib.sha256(PREIMAGE).digest(), bytes(32))
OTHER_PREIMAGE = bytes(range(1, 33)).hex()  # another invoice's: a real preimage, not this one's


def paid_by_invoice(preimage: str | None, invoice: str = INVOICE, status: str = "succeeded"
                    ) -> Purchase:
    data: dict[str, Any] = exchange_wire("executed")
    data["payout"] = {"type": "invoice", "status": status, "invoice": invoice,
                      "preimage": preimage, "fee": Decimal(0), "amount": Decimal("0.00197")}
    return Purchase(Exchange.from_wire(data), frozenset(), "2021-09-15T14:35:09.000+00:00",
                    "2021-09-15T14:35:09.000+00:00")


def test_a_proven_invoice_payout_is_paid_everywhere() -> None:
    purchase = paid_by_invoice(PREIMAGE.hex())
    assert unproven(purchase.exchange.payout) is None
    assert purchase.paid_out and not purchase.mismatch
    assert purchase_label(purchase) == "Paid (lightning)"
    assert totals([purchase]).received == Decimal("0.00197")
    assert [s.reached for s in timeline(purchase, []) if s.step is Step.PAID] == [True]
    assert parse_csv(purchases_csv([purchase]))[0].payout == "paid"


@pytest.mark.parametrize(("preimage", "invoice", "why"), [
    (None, INVOICE, "revealed no preimage"),
    (OTHER_PREIMAGE, INVOICE, "does NOT hash"),
    ("zz" * 32, INVOICE, "does NOT hash"),
    (PREIMAGE.hex(), "lnbcrt1garbage", "cannot be read"),
], ids=["missing", "another-invoices", "not-hex", "unreadable-invoice"])
def test_an_unproven_invoice_payout_is_paid_nowhere(preimage: str | None, invoice: str,
                                                    why: str) -> None:
    purchase = paid_by_invoice(preimage, invoice)
    assert why in (unproven(purchase.exchange.payout) or "")
    assert not purchase.paid_out and purchase.mismatch
    assert "NOT PROVEN" in purchase_label(purchase) and "Paid (" not in purchase_label(purchase)
    figures = totals([purchase])
    assert figures.received == 0 and figures.mismatches == 1 and figures.needs_attention
    assert [s.reached for s in timeline(purchase, []) if s.step is Step.PAID] == [False]
    assert parse_csv(purchases_csv([purchase]))[0].payout == "not proven"
    assert "NOT proven paid to your node" in mismatch_text(purchase)


def test_a_pending_invoice_payout_is_not_yet_judged() -> None:
    purchase = paid_by_invoice(None, status="pending")
    assert unproven(purchase.exchange.payout) is None and not purchase.mismatch
    assert not purchase.paid_out
    assert parse_csv(purchases_csv([purchase]))[0].payout == "pending"
