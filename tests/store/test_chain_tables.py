"""The chain's tables (migration 2): payouts seen and their link to Pocket's exchanges, the
source's last round, and the tip at which a payout Pocket named was first missed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pocketgui.store import ChainPayoutRow, Store
from pocketgui.store.schema import MIGRATIONS, migrate

TXID = "ab" * 32


def test_a_version_1_file_gains_the_chain_tables_and_keeps_its_orders(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path, isolation_level=None)
    assert migrate(raw, MIGRATIONS[:1]) == 1
    raw.execute("INSERT INTO orders VALUES ('o1','sandbox','{}',NULL,NULL,NULL,'regtest','t','t')")
    raw.close()
    with Store(path) as store:
        assert store.schema_version >= 2 and [o.id for o in store.orders()] == ["o1"]
        assert store.chain_payouts() == [] and store.chain_status("sandbox") is None


def test_a_payout_known_from_the_chain_is_linked_once_pockets_news_names_it(tmp_path: Path
                                                                           ) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        def seen(order_id: str, height: int | None, exchange_id: str | None) -> int:
            return store.record_chain_payouts("sandbox", [ChainPayoutRow(
                order_id, TXID, 0, "bcrt1q…", "0/3", "0.00100000", height, exchange_id)])

        assert seen("o1", None, None) == 1
        [alone] = store.chain_payouts("sandbox")
        assert alone.exchange_id is None and alone.confirmations(200) == 0
        assert seen("o2", 150, "e1") == 0
        [linked] = store.chain_payouts("sandbox", "o2")
        assert (linked.exchange_id, linked.block_height) == ("e1", 150)
        assert linked.confirmations(152) == 3
        seen("o1", 150, None)  # a later round without the link keeps it, and the order
        assert store.chain_payouts("sandbox", "o2")[0].exchange_id == "e1"


def test_a_failed_round_keeps_the_last_good_tip_and_time(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_chain_status("sandbox", "Electrum server h:1", tip_height=120, chain="regtest")
        good = store.chain_status("sandbox")
        assert good is not None and good.error == "" and good.synced_at is not None
        store.save_chain_status("sandbox", "Electrum server h:1", error="It does not answer.")
        failed = store.chain_status("sandbox")
        assert failed is not None
        assert (failed.tip_height, failed.synced_at, failed.error) == (
            120, good.synced_at, "It does not answer.")


def test_a_missing_payout_counts_blocks_from_when_it_was_first_missed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.expect_on_chain("e1", TXID, 100) == 100
        assert store.expect_on_chain("e1", TXID, 104) == 100
        assert store.expect_on_chain("e1", "cd" * 32, 105) == 105  # Pocket named another tx
        store.found_on_chain("e1")
        assert store.expect_on_chain("e1", TXID, 110) == 110


def test_payout_paths_are_read_by_sqlite_with_their_flags(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        def exchange(exchange_id: str, payout: str) -> None:
            store.record_exchange("sandbox", exchange_id, "o1", "settled",
                                  f'{{"id": "{exchange_id}", "payout": {payout}}}', "poll",
                                  final=False)

        exchange("e1", '{"derivation_path": "0/4", "amount": 0.001}')
        exchange("e2", '{"derivation_path": null}')
        exchange("e3", "null")
        exchange("e4", '{"derivation_path": "0/9"}')
        store.add_exchange_flag("e4", "payout_address_mismatch")
        assert store.payout_paths("o1") == {
            "e1": ("0/4", frozenset()), "e4": ("0/9", frozenset({"payout_address_mismatch"}))}
        assert store.payout_paths("o2") == {}
