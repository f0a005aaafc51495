"""The payout check on the reference order (xpub, 0/1, gap limit 10, mainnet) and its
lightning variant."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.api import ChannelPayout, InvoicePayout, LightningPayoutStatus, Order, jsonio
from pocketgui.bitcoin import Network, ScriptType, derive_address
from pocketgui.tracking import check_lightning_payout, check_payout_address
from tests.api import reference as ref

ORDER = Order.from_wire(jsonio.loads(ref.ORDER))


def test_the_orders_own_address() -> None:
    verdict = check_payout_address(ORDER, ref.ADDRESS, Network.MAINNET)
    assert verdict.ok and verdict.path is None


def test_fresh_addresses_within_the_gap_limit_on_both_chains() -> None:
    for path in ["0/0", "0/9", "1/4"]:
        address = derive_address(ref.XPUB, path, ScriptType.P2PKH, Network.MAINNET)
        verdict = check_payout_address(ORDER, address, Network.MAINNET)
        assert verdict.ok and verdict.path == path


def test_the_gap_limit_counts_from_the_last_used_index() -> None:
    """The order starts at 0/1 with gap limit 10: 0/11 is the last address Pocket may use
    before anything is paid; a payout at 0/5 moves the window to 0/15."""
    def verdict(path: str, used: list[str]) -> bool:
        address = derive_address(ref.XPUB, path, ScriptType.P2PKH, Network.MAINNET)
        return check_payout_address(ORDER, address, Network.MAINNET, used).ok

    assert verdict("0/11", []) and not verdict("0/12", [])
    assert verdict("0/15", ["0/5"]) and not verdict("0/16", ["0/5"])
    assert verdict("0/15", ["1/5", "garbage"])


def test_refunded_purchases_do_not_widen_the_window() -> None:
    """Before: every saved exchange, refunded ones included, widened the search by one, so
    five refunds let a payout 15 addresses ahead pass. Only paths actually paid count now."""
    address = derive_address(ref.XPUB, "0/15", ScriptType.P2PKH, Network.MAINNET)
    assert not check_payout_address(ORDER, address, Network.MAINNET, []).ok


def test_a_payout_in_another_script_type_of_the_same_key_is_a_mismatch() -> None:
    """A legacy (BIP-44) order's wallet does not watch the segwit addresses of its keys."""
    for script_type in (ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH):
        address = derive_address(ref.XPUB, "0/2", script_type, Network.MAINNET)
        verdict = check_payout_address(ORDER, address, Network.MAINNET)
        assert not verdict.ok and "does not watch" in verdict.reason


def test_a_foreign_address_is_a_mismatch() -> None:
    foreign = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"  # a legacy address of another key
    verdict = check_payout_address(ORDER, foreign, Network.MAINNET)
    assert not verdict.ok and "does not derive" in verdict.reason


def test_without_an_extended_key_only_the_orders_address_counts() -> None:
    data = jsonio.loads(ref.ORDER)
    for key in ("extended_public_key", "derivation_path", "gap_limit"):
        del data["payout_method"][key]
    order = Order.from_wire(data)
    other = derive_address(ref.XPUB, "0/2", ScriptType.P2PKH, Network.MAINNET)
    assert check_payout_address(order, ref.ADDRESS, Network.MAINNET).ok
    assert not check_payout_address(order, other, Network.MAINNET).ok


def test_a_garbage_address_is_a_mismatch_not_a_crash() -> None:
    verdict = check_payout_address(ORDER, "not-an-address", Network.MAINNET)
    assert not verdict.ok


REFERENCE_INVOICE = (  # the reference's example invoice: payable to 025e79bf…, not its order
    "lnbcrt585180n1pjrucjgpp5n64x8ugk4tuz3wkjuuqkmvsgf9xetq8l4ntj7nsr373zpmd5yvdsdqqcqzpgxqyz5vq"
    "sp5dhxsdywke3fuz3fhcv79n7y00zdxqdhz8japmpx2hgk5pa92llxs9qyyssqtk0wr35e65yupmsnzp9n3r2ynqdv4"
    "20kt9rnukwxwh744mmsusnn2600wpdfpcsx5r2cjsc0t5583fhrgcsejlqp7uept6tv0tnufdqp4jwez5"
)


def lightning_order() -> Order:
    data = jsonio.loads(ref.ORDER)
    data["payout_method"] = jsonio.loads(ref.LIGHTNING_PAYOUT_METHOD)
    return Order.from_wire(data)


def test_the_reference_invoice_is_for_another_node() -> None:
    payout = InvoicePayout(LightningPayoutStatus.PENDING, REFERENCE_INVOICE, None, Decimal(0),
                           Decimal("0.00058518"))
    verdict = check_lightning_payout(lightning_order(), payout)
    assert not verdict.ok
    assert verdict.destination.startswith("025e79bf") and "not the order's node" in verdict.reason


def test_channels_to_the_orders_node_only() -> None:
    node = jsonio.loads(ref.LIGHTNING_PAYOUT_METHOD)["node_pubkey"]

    def channel(address: str | None) -> ChannelPayout:
        return ChannelPayout(LightningPayoutStatus.PENDING, address, True, None, None, None,
                             Decimal("0.0001"), Decimal("0.00187"))

    assert check_lightning_payout(lightning_order(), channel(f"{node}@34.65.45.157:9736")).ok
    assert check_lightning_payout(lightning_order(), channel(None)).ok
    assert not check_lightning_payout(lightning_order(), channel("02" + "11" * 32 + "@h:1")).ok
    assert not check_lightning_payout(ORDER, channel(f"{node}@h:1")).ok


def test_an_unreadable_invoice_is_a_mismatch() -> None:
    payout = InvoicePayout(LightningPayoutStatus.PENDING, "lnbcrt1garbage", None, Decimal(0),
                           Decimal(0))
    assert not check_lightning_payout(lightning_order(), payout).ok
