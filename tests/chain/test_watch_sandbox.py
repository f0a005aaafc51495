"""The app's watch-only wallets against the sandbox's real regtest chain, with BDK's own
Electrum and Esplora clients over loopback: what a person sees of their purchases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pocketgui.api import Exchange, OnchainPayout, jsonio
from pocketgui.bitcoin import Network, ScriptType
from pocketgui.chain import (
    ChainWatcher,
    ElectrumSource,
    EsploraSource,
    ScanKind,
    SourceUnreachable,
    WrongNetwork,
)
from pocketgui.history import RECEIVED_FROM_POCKET, load_history
from pocketgui.tracking import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_TX_MISSING,
    MISSING_AFTER,
)
from tests.chain.kit import ChainRig
from tests.wallet import Wallet


def test_a_payout_is_seen_unconfirmed_then_confirmed(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order)
    report = rig.round()
    assert report.ok, report.error
    [payout] = report.orders[order.id].payouts
    assert payout.txid == exchange.payout.txid and payout.height is None  # type: ignore[union-attr]
    assert report.orders[order.id].scan is ScanKind.FULL
    assert load_history(rig.store, rig.environment).chain.confirmations(exchange.id) == 0
    rig.helpers.mine(2)
    report = rig.round()
    assert report.orders[order.id].scan is ScanKind.SYNC
    [payout] = report.orders[order.id].payouts
    assert payout.confirmations(report.tip_height) == 2
    assert load_history(rig.store, rig.environment).chain.confirmations(exchange.id) == 2
    assert rig.alarms == []


def test_a_purchase_without_pockets_news_is_shown_from_the_chain_alone(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order, tell=False)  # no webhook reaches this computer
    rig.helpers.mine(1)
    rig.round()
    chain = load_history(rig.store, rig.environment).chain
    [alone] = chain.known_only[order.id]
    pocket_payout = exchange.payout
    assert isinstance(pocket_payout, OnchainPayout)
    assert (alone.label, alone.amount, alone.txid) == (
        RECEIVED_FROM_POCKET, pocket_payout.amount, pocket_payout.txid)
    assert alone.confirmations(chain.tip) == 1
    rig.tracker.observe(exchange, "poll")  # Pocket's news arrives later: the same purchase
    rig.round()
    chain = load_history(rig.store, rig.environment).chain
    assert chain.known_only == {} and chain.confirmations(exchange.id) == 1


def pocket_says(rig: ChainRig, exchange: Exchange, **payout: Any) -> Exchange:
    """Pocket's answer about `exchange`, with its payout changed (a faithful double of a
    Pocket that errs: the chain itself stays the sandbox's)."""
    data = jsonio.loads(jsonio.dumps(exchange.raw))
    data["payout"].update(payout)
    said = Exchange.from_wire(data)
    rig.tracker.observe(said, "poll")
    return said


def flags(rig: ChainRig) -> list[str]:
    return [flag for _, flag, _ in rig.alarms]


def test_another_amount_on_chain_than_pockets_is_an_alarm(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order, tell=False)
    assert isinstance(exchange.payout, OnchainPayout)
    pocket_says(rig, exchange, amount=exchange.payout.amount + Decimal("0.00001000"))
    rig.round()
    assert flags(rig) == [CHAIN_AMOUNT_MISMATCH]
    assert load_history(rig.store, rig.environment).purchases[order.id][0].mismatch


def test_pockets_txid_paying_another_address_is_an_alarm(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order, tell=False)
    foreign = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"  # BIP-173's key, not the person's
    paid = rig.helpers.post("/v1/sandbox/chain/payments",
                            {"address": foreign, "amount": Decimal("0.001")}).json()
    pocket_says(rig, exchange, txid=paid["txid"], outpoint=paid["outpoint"])
    rig.round()
    assert flags(rig) == [CHAIN_ADDRESS_MISMATCH] and foreign in rig.alarms[0][2]


def test_a_payout_pocket_says_was_sent_but_the_chain_lacks_is_an_alarm(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order, tell=False)
    pocket_says(rig, exchange, txid="5e" * 32)
    rig.round()
    rig.helpers.mine(MISSING_AFTER - 1)
    rig.round()
    assert flags(rig) == []
    rig.helpers.mine(1)
    rig.round()
    assert flags(rig) == [CHAIN_TX_MISSING]


def test_payouts_past_the_gap_limit_are_found(rig: ChainRig) -> None:
    """Gap limit 2 from 0/0: Pocket may pay 0/1, then 0/3, then 0/5 — each within 2 of the
    last used one. A live watcher follows, and a new one's full scan finds them all."""
    wallet = Wallet(ScriptType.P2WPKH)
    order = rig.order(wallet, gap_limit=2)
    for path in ("0/1", "0/3", "0/5"):
        rig.helpers.post("/v1/sandbox/chain/payments",
                         {"address": wallet.address(path), "amount": Decimal("0.001")})
        report = rig.round()
    assert sorted(p.path for p in report.orders[order.id].payouts) == ["0/1", "0/3", "0/5"]
    rig.tmp_path.joinpath("other").mkdir()
    fresh = ChainWatcher(rig.store, rig.environment, Network.REGTEST, rig.source,
                         rig.tmp_path / "other").sync()
    assert fresh.orders[order.id].scan is ScanKind.FULL
    assert len(fresh.orders[order.id].payouts) == 3


def test_a_restart_does_not_rescan(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2SH_P2WPKH))
    rig.buy(order)
    rig.helpers.mine(1)
    assert rig.round().orders[order.id].scan is ScanKind.FULL
    offline = rig.new_watcher(source=EsploraSource("http://127.0.0.1:9/esplora"))
    assert [p.height for p in offline.payouts()[order.id]] == [rig.tip()]  # no network
    restarted = rig.new_watcher()
    report = restarted.sync()
    assert report.orders[order.id].scan is ScanKind.SYNC
    assert len(report.orders[order.id].payouts) == 1


def test_an_unreachable_source_is_explained_and_nothing_is_lost(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    rig.buy(order)
    rig.round()
    wallet_files = {p: p.read_bytes() for p in (rig.tmp_path / "chain").iterdir()}
    before = rig.store.chain_payouts(rig.environment)
    for source in (EsploraSource("http://127.0.0.1:9/esplora"),
                   ElectrumSource("127.0.0.1", 9, tls=False)):
        report = rig.new_watcher(source=source).sync()
        rig.tracker.observe_chain(report)
        assert isinstance(report.failure, SourceUnreachable)
        assert "does not answer" in report.error and source.name in report.error
        status = rig.store.chain_status(rig.environment)
        assert status is not None and status.error == report.error
        assert status.tip_height is not None
    assert rig.store.chain_payouts(rig.environment) == before
    assert {p: p.read_bytes() for p in (rig.tmp_path / "chain").iterdir()} == wallet_files


def test_a_source_on_another_network_is_refused_before_any_wallet_touches_it(rig: ChainRig
                                                                           ) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    rig.buy(order)
    report = rig.new_watcher(network=Network.TESTNET).sync()
    assert isinstance(report.failure, WrongNetwork)
    assert "follows regtest" in report.error and "testnet" in report.error
    assert not list((rig.tmp_path / "chain").glob("*.sqlite3"))


def test_an_order_whose_wallet_file_is_foreign_is_named_and_the_others_still_watched(
        rig: ChainRig) -> None:
    kept = rig.order(Wallet(ScriptType.P2WPKH))
    broken = rig.order(Wallet(ScriptType.P2PKH))
    rig.buy(kept)
    rig.round()
    specs, _ = rig.watcher.specs()
    files = rig.tmp_path / "chain"
    foreign = (files / f"{specs[kept.id].key}.sqlite3").read_bytes()
    (files / f"{specs[broken.id].key}.sqlite3").write_bytes(foreign)  # swapped by hand
    report = rig.new_watcher().sync()
    assert report.ok and len(report.orders[kept.id].payouts) == 1
    assert "belongs to another wallet" in report.orders[broken.id].problem


def test_orders_of_one_account_share_a_wallet_and_split_its_payouts(rig: ChainRig) -> None:
    """Each payout goes to the order that started at or before its index, until Pocket's
    news names the order itself."""
    wallet = Wallet(ScriptType.P2WPKH)
    first, second = rig.order(wallet, "0/0"), rig.order(wallet, "0/3")
    for path in ("0/1", "0/4"):
        rig.helpers.post("/v1/sandbox/chain/payments",
                         {"address": wallet.address(path), "amount": Decimal("0.001")})
    report = rig.round()
    assert [p.path for p in report.orders[first.id].payouts] == ["0/1"]
    assert [p.path for p in report.orders[second.id].payouts] == ["0/4"]
    assert len(list((rig.tmp_path / "chain").glob("*.sqlite3"))) == 1
