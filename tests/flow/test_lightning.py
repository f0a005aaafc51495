"""Lightning payout pre-checks (Qt-free): one test per error code the app catches itself."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from pocketgui.bitcoin.lightning import lightning_sign_message
from pocketgui.bitcoin.networks import Network
from pocketgui.flow.lightning import (
    InvoiceCheck,
    check_invoice,
    check_node_address,
    sign_commands,
    signature_matches,
    valid_node_pubkey,
)
from pocketgui.sandbox import lightning_node
from pocketgui.tracking.lightning_proof import preimage_matches

NET = Network.REGTEST
AMOUNT = Decimal("0.001")
MSAT = lightning_node.to_msat(AMOUNT)
NODE = lightning_node.NODE_PUBKEY
OTHER = "02" + "11" * 32


def test_node_pubkey_validation() -> None:
    assert valid_node_pubkey(NODE)
    assert not valid_node_pubkey(NODE[:-2])
    assert not valid_node_pubkey("04" + NODE[2:])
    assert not valid_node_pubkey("zz" * 33)


def test_sign_commands_quote_the_exact_message() -> None:
    lnd, cln = sign_commands('pay "me"')
    assert lnd == 'lncli signmessage "pay \\"me\\""'
    assert cln == 'lightning-cli signmessage "pay \\"me\\""'


def test_signature_checked_locally() -> None:
    signature = lightning_sign_message(lightning_node.PRIVATE_KEY, "hello")
    assert signature_matches(NODE, "hello", signature)
    assert not signature_matches(NODE, "hello!", signature)
    assert not signature_matches(OTHER, "hello", signature)


def _check(text: str, now: datetime | None = None) -> InvoiceCheck:
    return check_invoice(text, network=NET, amount=AMOUNT, node_pubkey=NODE, now=now)


def test_good_invoice_passes() -> None:
    result = _check(lightning_node.create_invoice(MSAT, NET))
    assert result.code is None and result.reason is None and result.invoice is not None


def test_invalid_invoice() -> None:
    result = _check("lnbcrt1garbage")
    assert result.code == "invalid_invoice" and "BOLT11" in (result.reason or "")


def test_invoice_network() -> None:
    assert _check(lightning_node.create_invoice(MSAT, Network.TESTNET)).code == "invoice_network"


def test_invoice_amount() -> None:
    assert _check(lightning_node.create_invoice(MSAT + 1000, NET)).code == "invoice_amount"


def test_invoice_expired() -> None:
    text = lightning_node.create_invoice(MSAT, NET, expiry_seconds=60)
    later = datetime.now(UTC) + timedelta(minutes=2)
    result = _check(text, now=later)
    assert result.code == "invoice_expired" and "expired" in (result.reason or "")


def test_invoice_unexpected_node_pubkey() -> None:
    result = check_invoice(lightning_node.create_invoice(MSAT, NET), network=NET, amount=AMOUNT,
                           node_pubkey=OTHER)
    assert result.code == "unexpected_node_pubkey"


def test_node_address_checks() -> None:
    assert check_node_address("", NODE) is None
    assert check_node_address(lightning_node.ADDRESS, NODE) is None
    assert check_node_address("nonsense", NODE) == "invalid_node_address"
    assert check_node_address(f"{NODE}@host:99999", NODE) == "invalid_node_address"
    assert check_node_address(f"{OTHER}@host:9735", NODE) == "unexpected_node_pubkey"


def test_preimage_matches_payment_hash() -> None:
    preimage = bytes(range(32))
    digest = hashlib.sha256(preimage).hexdigest()
    assert preimage_matches(preimage.hex(), digest)
    assert not preimage_matches(preimage.hex(), "00" * 32)
    assert not preimage_matches("not hex", digest)
