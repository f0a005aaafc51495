"""What a round of chain news does to the store and the alarms, with reports written by hand
(the same rounds against the sandbox's real chain are in tests/chain)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.api import Exchange, jsonio
from pocketgui.chain import (
    ChainPayout,
    OrderChain,
    SourceInfo,
    SourceUnreachable,
    SyncReport,
    TxOutput,
)
from pocketgui.history import load_history, mismatch_text
from pocketgui.store import Store
from pocketgui.tracking import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_TX_MISSING,
    MISSING_AFTER,
    ExchangeTracker,
)
from tests.api import reference as ref
from tests.api.sandbox_kit import pocket
from tests.tracking.kit import Changes

ORDER_ID = "64decab6-4129-4fe7-9f6e-1db68283f5ce"
TXID = "c01c7a0fd270aa3876119098c0e2d51687a795efab99787e214d8a93ab9f8342"  # the reference's
ADDRESS = "bc1q5vvayqt3n4alhjaxy6ql4w2fs6r0y83rmvh3tg"
AMOUNT = Decimal("0.0019681")


Rig = tuple[ExchangeTracker, Store, Changes]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    store = Store(tmp_path / "s.sqlite3")
    client = pocket("http://127.0.0.1:9")  # never called
    tracker = ExchangeTracker(client, store)
    changes = Changes()
    tracker.on_alarm(changes.on_alarm)
    store.save_order("sandbox", ORDER_ID, ref.ORDER, "mainnet")
    yield tracker, store, changes
    client.close()
    store.close()


def settled(tracker: ExchangeTracker, store: Store) -> Exchange:
    """Pocket's settled exchange, recorded without the payout check (its address is foreign
    to the reference key: here only the chain's checks are looked at)."""
    exchange = Exchange.from_wire(jsonio.loads(ref.SETTLED))
    store.record_exchange("sandbox", exchange.id, ORDER_ID, "settled",
                          jsonio.dumps(exchange.raw), "poll", final=False)
    return exchange


def report(tip: int, payouts: tuple[ChainPayout, ...] = (),
           transactions: dict[str, tuple[TxOutput, ...] | None] | None = None) -> SyncReport:
    return SyncReport("sandbox", "Electrum server test:1", "2026-12-06T15:00:00.000+00:00",
                      SourceInfo("Electrum server test:1", tip, "mainnet"),
                      {ORDER_ID: OrderChain(ORDER_ID, payouts)}, transactions or {})


def payout(txid: str = TXID, vout: int = 1, address: str = ADDRESS, amount: Decimal = AMOUNT,
           height: int | None = 100) -> ChainPayout:
    return ChainPayout(txid, vout, address, 0, 3, amount, height)


def test_a_payout_without_pockets_news_is_a_purchase_known_from_the_chain(rig: Rig) -> None:
    tracker, store, changes = rig
    tracker.observe_chain(report(101, (payout("ee" * 32, 0, height=100),)))
    history = load_history(store, "sandbox")
    [alone] = history.chain.known_only[ORDER_ID]
    assert (alone.amount, alone.confirmations(history.chain.tip)) == (AMOUNT, 2)
    assert alone.label == "Received from Pocket" and changes.alarms == []


def test_a_payout_pocket_named_is_linked_and_confirmed_by_the_chain(rig: Rig) -> None:
    tracker, store, changes = rig
    exchange = settled(tracker, store)
    tracker.observe_chain(report(102, (payout(),)))
    history = load_history(store, "sandbox")
    assert history.chain.known_only == {} and history.chain.confirmations(exchange.id) == 3
    assert changes.alarms == []


def test_another_amount_on_chain_is_an_alarm(rig: Rig) -> None:
    tracker, store, changes = rig
    exchange = settled(tracker, store)
    tracker.observe_chain(report(102, (payout(amount=Decimal("0.0019")),)))
    assert [(e, f) for e, f, _ in changes.alarms] == [(exchange.id, CHAIN_AMOUNT_MISMATCH)]
    assert load_history(store, "sandbox").purchases[ORDER_ID][0].mismatch


def test_pockets_txid_paying_another_address_is_an_alarm(rig: Rig) -> None:
    tracker, store, changes = rig
    exchange = settled(tracker, store)
    other = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    tracker.observe_chain(report(102, transactions={
        TXID: (TxOutput(0, "bc1qchange", Decimal(1)), TxOutput(1, other, AMOUNT))}))
    [(exchange_id, flag, explanation)] = changes.alarms
    assert (exchange_id, flag) == (exchange.id, CHAIN_ADDRESS_MISMATCH) and other in explanation


def test_a_payout_missing_from_the_chain_is_an_alarm_after_some_blocks(rig: Rig) -> None:
    tracker, store, changes = rig
    exchange = settled(tracker, store)
    for tip in range(200, 200 + MISSING_AFTER):
        tracker.observe_chain(report(tip, transactions={TXID: None}))
        assert changes.alarms == []
    tracker.observe_chain(report(200 + MISSING_AFTER, transactions={TXID: None}))
    assert [(e, f) for e, f, _ in changes.alarms] == [(exchange.id, CHAIN_TX_MISSING)]
    tracker.observe_chain(report(210, transactions={TXID: None}))
    assert len(changes.alarms) == 1  # once per flag
    [purchase] = load_history(store, "sandbox").purchases[ORDER_ID]  # after a restart, too
    assert purchase.mismatch and "does not show that transaction" in mismatch_text(purchase)


def test_a_failed_round_is_kept_as_its_sentence_and_changes_nothing_else(rig: Rig) -> None:
    tracker, store, _ = rig
    tracker.observe_chain(report(150, (payout("ee" * 32, 0),)))
    failed = SyncReport("sandbox", "Electrum server test:1", "t",
                        failure=SourceUnreachable("Electrum server test:1 does not answer."))
    tracker.observe_chain(failed)
    status = store.chain_status("sandbox")
    assert status is not None and status.tip_height == 150
    assert status.error == "Electrum server test:1 does not answer."
    assert len(store.chain_payouts("sandbox")) == 1
