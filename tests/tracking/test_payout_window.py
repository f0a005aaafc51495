"""The tracker's payout check on stored exchanges (issue 13's points, same code as the chain's):
refunded purchases do not widen the gap window, and the window counts from the last path paid."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pocketgui.api import Exchange, jsonio
from pocketgui.bitcoin import Network, ScriptType, derive_address
from pocketgui.store import Store
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH, ExchangeTracker
from tests.api import reference as ref
from tests.api.sandbox_kit import pocket

ORDER_ID = "64decab6-4129-4fe7-9f6e-1db68283f5ce"


def exchange(exchange_id: str, path: str | None, script_type: ScriptType = ScriptType.P2PKH
             ) -> Exchange:
    """The reference's exchange: refunded without a path, else settled to the key's `path`."""
    data = jsonio.loads(ref.REFUNDED if path is None else ref.SETTLED)
    data["id"] = exchange_id
    if path is not None:
        data["payout"]["bitcoin_address"] = derive_address(ref.XPUB, path, script_type,
                                                           Network.MAINNET)
        data["payout"]["derivation_path"] = path
    return Exchange.from_wire(data)


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[tuple[ExchangeTracker, Store]]:
    store = Store(tmp_path / "s.sqlite3")
    client = pocket("http://127.0.0.1:9")  # never called: the order is in the store
    store.save_order(client.environment.name, ORDER_ID, ref.ORDER, "mainnet")
    yield ExchangeTracker(client, store), store
    client.close()
    store.close()


def flags(store: Store, exchange_id: str) -> frozenset[str]:
    stored = store.get_exchange(exchange_id)
    assert stored is not None
    return stored.flags


def test_refunded_exchanges_do_not_widen_the_window(tracker: tuple[ExchangeTracker, Store]
                                                    ) -> None:
    """Five refunds let a payout at 0/14 pass before (window 10 + 5); it is 3 past 0/1 + 10."""
    watcher, store = tracker
    for n in range(5):
        watcher.observe(exchange(f"r{n}", None), "poll")
    watcher.observe(exchange("far", "0/14"), "poll")
    assert PAYOUT_ADDRESS_MISMATCH in flags(store, "far")


def test_the_window_moves_with_the_last_path_paid(tracker: tuple[ExchangeTracker, Store]) -> None:
    watcher, store = tracker
    watcher.observe(exchange("e1", "0/9"), "poll")
    watcher.observe(exchange("e2", "0/19"), "poll")  # 9 + 10: still within the limit
    assert flags(store, "e1") == flags(store, "e2") == frozenset()


def test_a_segwit_payout_on_a_legacy_order_is_flagged(tracker: tuple[ExchangeTracker, Store]
                                                      ) -> None:
    watcher, store = tracker
    watcher.observe(exchange("e1", "0/2", ScriptType.P2WPKH), "poll")
    assert PAYOUT_ADDRESS_MISMATCH in flags(store, "e1")
