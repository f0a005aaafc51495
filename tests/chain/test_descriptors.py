"""Each order's watch-only descriptor: BDK derives exactly the app's addresses, in the order's
own script type, with the key origin where the app knows it; address-only orders watch their
single key; the wallet file survives a restart."""

from __future__ import annotations

from pathlib import Path

import bdkpython as bdk
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.chain import CannotWatch, ChainWallet, spec_for
from pocketgui.store import Store
from tests.chain.kit import FINGERPRINT, SCRIPT_TYPES, save_order
from tests.wallet import Wallet


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.sqlite3")


@pytest.mark.parametrize("script_type", SCRIPT_TYPES)
def test_bdk_derives_the_apps_addresses_on_both_chains(store: Store, tmp_path: Path,
                                                       script_type: ScriptType) -> None:
    wallet = Wallet(script_type)
    spec = spec_for(save_order(store, wallet, "0/3"))
    chain_wallet = ChainWallet(spec, tmp_path / "chain")
    for keychain, kind in [(0, bdk.KeychainKind.EXTERNAL), (1, bdk.KeychainKind.INTERNAL)]:
        for index in (0, 3, 17):
            bdk_address = chain_wallet._wallet.peek_address(kind, index).address
            assert str(bdk_address) == wallet.address(f"{keychain}/{index}")
    assert spec.start_index == 3 and spec.internal is not None


def test_the_key_origin_is_written_when_the_app_knows_it(store: Store) -> None:
    spec = spec_for(save_order(store, Wallet(ScriptType.P2WPKH)))
    assert spec.external.startswith(f"wpkh([{FINGERPRINT}/84h/1h/0h]tpub")
    assert spec.external.endswith("/0/*)") and spec.internal and spec.internal.endswith("/1/*)")
    nested = spec_for(save_order(store, Wallet(ScriptType.P2SH_P2WPKH), origin=False))
    assert nested.external.startswith("sh(wpkh(tpub") and "[" not in nested.external


def test_orders_of_one_account_share_a_wallet_others_do_not(store: Store) -> None:
    first = spec_for(save_order(store, Wallet(ScriptType.P2WPKH), "0/0"))
    second = spec_for(save_order(store, Wallet(ScriptType.P2WPKH), "0/4"))
    other = spec_for(save_order(store, Wallet(ScriptType.P2PKH), "0/0"))
    assert first.key == second.key != other.key
    assert second.stop_gap > first.stop_gap  # a later start scans further


def test_an_address_only_order_watches_its_single_key(store: Store, tmp_path: Path) -> None:
    wallet = Wallet(ScriptType.P2SH_P2WPKH)
    spec = spec_for(save_order(store, wallet, "0/2", extended=False))
    assert spec.internal is None and spec.extended_key is None
    assert spec.external.startswith("sh(wpkh(0") and "*" not in spec.external
    chain_wallet = ChainWallet(spec, tmp_path / "chain")
    peeked = chain_wallet._wallet.peek_address(bdk.KeychainKind.EXTERNAL, 0).address
    assert str(peeked) == wallet.address("0/2")


def test_an_order_whose_signature_is_not_by_its_address_cannot_be_watched(store: Store) -> None:
    from pocketgui.api import jsonio

    stored = save_order(store, Wallet(ScriptType.P2WPKH), "0/2", extended=False)
    data = jsonio.loads(stored.raw_json)
    data["payout_method"]["signature"] = Wallet(ScriptType.P2WPKH).sign("another", "0/2")
    store.save_order("sandbox", stored.id, jsonio.dumps(data), "regtest")
    with pytest.raises(CannotWatch, match="signature is not by the key"):
        spec_for(store.get_order(stored.id))  # type: ignore[arg-type]


def test_the_wallet_file_survives_a_restart(store: Store, tmp_path: Path) -> None:
    spec = spec_for(save_order(store, Wallet(ScriptType.P2WPKH), "0/0"))
    first = ChainWallet(spec, tmp_path / "chain")
    first._wallet.reveal_addresses_to(bdk.KeychainKind.EXTERNAL, 14)
    first._wallet.persist(first._persister)
    del first
    again = ChainWallet(spec, tmp_path / "chain")
    assert again._wallet.derivation_index(bdk.KeychainKind.EXTERNAL) == 14
    assert not again.scanned and again.payouts() == []


def test_a_wallet_file_of_another_wallet_is_refused_untouched(store: Store, tmp_path: Path) -> None:
    spec = spec_for(save_order(store, Wallet(ScriptType.P2WPKH), "0/0"))
    other = spec_for(save_order(store, Wallet(ScriptType.P2PKH), "0/0"))
    ChainWallet(spec, tmp_path / "chain")
    swapped = tmp_path / "chain" / f"{other.key}.sqlite3"  # another wallet's file in its place
    swapped.write_bytes((tmp_path / "chain" / f"{spec.key}.sqlite3").read_bytes())
    before = swapped.read_bytes()
    with pytest.raises(CannotWatch, match="another wallet"):
        ChainWallet(other, tmp_path / "chain")
    assert swapped.read_bytes() == before


def test_the_reference_mainnet_order_is_watched_at_its_own_address(store: Store, tmp_path: Path
                                                                   ) -> None:
    """Pocket's example order: a mainnet xpub, P2PKH, its address at 0/1, no key origin."""
    from tests.api import reference as ref

    store.save_order("production", "ref", ref.ORDER, "mainnet")
    stored = store.get_order("ref")
    assert stored is not None
    spec = spec_for(stored)
    assert spec.external.startswith("pkh(xpub") and spec.start_index == 1
    chain_wallet = ChainWallet(spec, tmp_path / "chain")
    peeked = chain_wallet._wallet.peek_address(bdk.KeychainKind.EXTERNAL, 1).address
    assert str(peeked) == ref.ADDRESS
