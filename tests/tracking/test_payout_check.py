"""The payout check on the reference order (xpub, 0/1, gap limit default 10), on mainnet."""

from __future__ import annotations

from pocketgui.api import Order, jsonio
from pocketgui.bitcoin import Network, ScriptType, derive_address
from pocketgui.tracking import check_payout_address
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


def test_beyond_the_gap_limit_unless_earlier_payouts_moved_it() -> None:
    address = derive_address(ref.XPUB, "0/12", ScriptType.P2PKH, Network.MAINNET)
    assert not check_payout_address(ORDER, address, Network.MAINNET).ok
    assert check_payout_address(ORDER, address, Network.MAINNET, earlier_payouts=5).ok


def test_a_foreign_address_is_a_mismatch() -> None:
    foreign = "bc1q5vvayqt3n4alhjaxy6ql4w2fs6r0y83rmvh3tg"  # the reference's settled example
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
