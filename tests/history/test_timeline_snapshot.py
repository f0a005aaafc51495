"""Timelines from the store's records, snapshots from a real store, preferences on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from pocketgui.api import jsonio
from pocketgui.bitcoin import Network
from pocketgui.history import DashboardPreferences, Step, load_history, timeline
from pocketgui.store import Store
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH
from tests.history.wire import ORDER_ID, exchange_wire, order_wire, store_exchange

OTHER_ORDER = "11111111-2222-4333-8444-555555555555"


def test_snapshot_and_timeline_from_a_real_store(tmp_path: Path) -> None:
    with Store(tmp_path / "store.sqlite3") as store:
        store.save_order("sandbox", ORDER_ID, jsonio.dumps(order_wire()), "regtest")
        store.save_order("sandbox", OTHER_ORDER, jsonio.dumps(order_wire(
            OTHER_ORDER, active=False, extended=False, created_on="2021-10-01T00:00:00.000Z")),
            "regtest")
        store.save_order("production", "prod-order", jsonio.dumps(order_wire("prod-order")),
                         "mainnet")
        interrupted = exchange_wire("interrupted", exchange_id="ex-1")
        store_exchange(store, interrupted, "interrupted", "webhook")
        for state in ("executed", "settled", "confirmed"):
            store_exchange(store, exchange_wire(state, exchange_id="ex-1"), state)
        store_exchange(store, exchange_wire("settled", exchange_id="ex-2"), "settled")
        store.add_exchange_flag("ex-2", PAYOUT_ADDRESS_MISMATCH)
        store_exchange(store, exchange_wire("refunded", exchange_id="ex-3", order_id=OTHER_ORDER,
                                            reason="order_inactive"), "refunded")

        snapshot = load_history(store, "sandbox")
        assert [o.id for o in snapshot.orders] == [OTHER_ORDER, ORDER_ID]  # newest first
        main = snapshot.summary(ORDER_ID)
        assert main is not None and main.status == "Active" and main.fee_rate == "3 %"
        assert main.currency == "CHF" and main.reference == "RF18GW8K79"
        assert main.payout.startswith("Fresh address per purchase from xpub6C9c")
        assert main.totals.executed == 2 and main.totals.mismatches == 1
        paused = snapshot.summary(OTHER_ORDER)
        assert paused is not None and paused.status == "Paused"
        assert paused.payout == "Address 17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
        assert paused.totals.refunded == 1 and paused.totals.spent == 0
        [ex1, ex2] = snapshot.purchases[ORDER_ID]
        assert ex2.mismatch and not ex1.mismatch

        steps = timeline(ex1, store.timeline("ex-1"))
        assert [s.step for s in steps] == [Step.FUNDED, Step.INTERRUPTED, Step.EXECUTED,
                                           Step.SETTLED, Step.CONFIRMED]
        assert all(s.reached and s.at for s in steps)
        assert steps[2].at == "2021-09-15T14:35:10.122+00:00"  # Pocket's executed_on
        assert steps[0].at is not None and steps[0].at <= steps[2].at  # funded before executed

        skipped = timeline(ex2, store.timeline("ex-2"))  # first seen settled
        assert [(s.step, s.reached) for s in skipped] == [
            (Step.FUNDED, True), (Step.EXECUTED, True), (Step.SETTLED, True),
            (Step.CONFIRMED, False)]
        assert skipped[3].at is None

        [refunded] = snapshot.purchases[OTHER_ORDER]
        assert [s.step for s in timeline(refunded, store.timeline("ex-3"))] == [
            Step.FUNDED, Step.REFUNDED]


def test_preferences(tmp_path: Path) -> None:
    prefs = DashboardPreferences()
    assert prefs.explorer_link("ab" * 32, Network.REGTEST) is None  # Demo: no explorer
    link = prefs.explorer_link("ab" * 32, Network.MAINNET)
    assert link == "https://mempool.space/tx/" + "ab" * 32
    assert prefs.identification_link("7bf9/../x") == (
        "https://pocketbitcoin.com/identification/7bf9%2F..%2Fx")
    prefs.explorer_url = "https://blockstream.info/tx/{txid}"
    prefs.keep_tracking_in_tray = False
    path = tmp_path / "dashboard.json"
    prefs.save(path)
    assert DashboardPreferences.load(path) == prefs
    assert DashboardPreferences.load(tmp_path / "missing.json") == DashboardPreferences()
    for bad in ("http://example.com/{txid}", "https://example.com/tx", "javascript:{txid}"):
        with pytest.raises(ValueError):
            DashboardPreferences(explorer_url=bad).explorer_link("ab", Network.MAINNET)


def test_every_payout_address_reported_is_kept_as_evidence(tmp_path: Path) -> None:
    from pocketgui.history import Purchase, mismatch_text
    from pocketgui.history.purchases import payout_addresses

    with Store(tmp_path / "store.sqlite3") as store:
        store.save_order("sandbox", ORDER_ID, jsonio.dumps(order_wire()), "regtest")
        store_exchange(store, exchange_wire("settled", exchange_id="ex", address="bcrt1qforged"),
                       "settled", "webhook")
        store_exchange(store, exchange_wire("settled", exchange_id="ex", address="bcrt1qhonest"),
                       "settled")
        store.add_exchange_flag("ex", PAYOUT_ADDRESS_MISMATCH)
        stored = store.get_exchange("ex")
        assert stored is not None
        purchase = Purchase.from_stored(stored)
        assert purchase.address == "bcrt1qhonest"  # the latest answer
        addresses = payout_addresses(purchase, store.timeline("ex"))
        assert addresses == ["bcrt1qforged", "bcrt1qhonest"]
        assert "bcrt1qforged, bcrt1qhonest" in mismatch_text(purchase, addresses)
        assert "bcrt1qhonest is not" in mismatch_text(purchase, addresses[1:])
