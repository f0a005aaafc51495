"""Payouts known only from the chain count in an order's totals and its CSV export, once.

Real parts: the sandbox's regtest chain and its Electrum server, the app's watch-only wallet per
order (BDK), the tracker and the store; Pocket's news reaches the app, or not (`tell`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pocketgui.api import Exchange, OnchainPayout
from pocketgui.bitcoin import ScriptType
from pocketgui.bitcoin.amounts import BTC_QUANT
from pocketgui.history import (
    CHAIN_ONLY,
    CSV_COLUMNS,
    HistorySnapshot,
    Totals,
    load_history,
    parse_csv,
    purchases_csv,
)
from pocketgui.history.totals import average_price
from pocketgui.sandbox import SandboxServer
from tests.chain.kit import ChainRig, sources
from tests.wallet import Wallet


@pytest.fixture
def rig(sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> Iterator[ChainRig]:
    server = sandbox_factory(electrum_port=0)
    rig = ChainRig(server, tmp_path, sources(server)["electrum"])
    yield rig
    rig.close()


def history(rig: ChainRig) -> HistorySnapshot:
    return load_history(rig.store, rig.environment)


def totals_of(rig: ChainRig, order_id: str) -> Totals:
    summary = history(rig).summary(order_id)
    assert summary is not None
    return summary.totals


def paid(exchange: Exchange) -> OnchainPayout:
    assert isinstance(exchange.payout, OnchainPayout)
    return exchange.payout


def test_payouts_known_only_from_the_chain_are_the_bitcoin_bought_with_no_cost(
        rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    first = rig.buy(order, "100", tell=False)  # no relay: Pocket's news never arrives
    second = rig.buy(order, "50", tell=False)
    rig.helpers.mine(1)
    rig.round()
    figures = totals_of(rig, order.id)
    arrived = paid(first).amount + paid(second).amount
    assert (figures.chain_only, figures.chain_only_amount) == (2, arrived)
    assert figures.bought == figures.received == arrived > 0
    assert (figures.purchases, figures.executed, figures.spent, figures.fees) == (0, 0, 0, 0)
    assert figures.average_price is None and figures.all_in_price is None


def test_pockets_purchases_and_chain_only_payouts_add_up_and_only_pockets_have_a_price(
        rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    named = rig.buy(order, "100")
    alone = rig.buy(order, "50", tell=False)
    rig.helpers.mine(1)
    rig.round()
    figures = totals_of(rig, order.id)
    assert named.amount is not None and named.fee is not None
    assert figures.chain_only == 1 and figures.chain_only_amount == paid(alone).amount
    assert figures.bought == named.amount + paid(alone).amount
    assert figures.received == paid(named).amount + paid(alone).amount
    assert (figures.spent, figures.fees) == (named.cost, named.fee)
    assert figures.average_price == average_price(named.cost - named.fee, named.amount)
    assert figures.all_in_price == average_price(named.cost, named.amount)


def test_a_chain_payout_pocket_names_later_counts_once_as_that_purchase(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    exchange = rig.buy(order, "100", tell=False)
    rig.helpers.mine(1)
    rig.round()
    assert totals_of(rig, order.id).bought == paid(exchange).amount
    rig.tracker.observe(exchange, "poll")  # Pocket's news arrives, before the next chain round
    snapshot = history(rig)
    assert len(snapshot.chain.known_only[order.id]) == 1  # the store has not linked it yet
    assert exchange.amount is not None
    for _linked in (False, True):
        figures = totals_of(rig, order.id)
        assert (figures.chain_only, figures.chain_only_amount) == (0, 0)
        assert figures.bought == exchange.amount and figures.executed == 1
        assert figures.received == paid(exchange).amount and figures.spent == exchange.cost
        snapshot = history(rig)
        rows = parse_csv(purchases_csv(snapshot.purchases[order.id],
                                       snapshot.chain.known_only.get(order.id, []), "btc/chf"))
        assert [row.exchange_id for row in rows] == [exchange.id]
        rig.round()  # now the store links it: the same figures
    assert history(rig).chain.known_only == {}


def test_chain_only_payouts_are_csv_rows_without_cost_and_read_back(rig: ChainRig) -> None:
    order = rig.order(Wallet(ScriptType.P2WPKH))
    alone = rig.buy(order, "50", tell=False)
    named = rig.buy(order, "100")
    rig.round()  # the chain-only one first seen now, unconfirmed
    snapshot = history(rig)
    summary = snapshot.summary(order.id)
    assert summary is not None and summary.pair == named.pair
    [known] = snapshot.chain.known_only[order.id]
    text = purchases_csv(snapshot.purchases[order.id], [known], summary.pair)
    lines = text.splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)  # the one machine format, unchanged
    back = parse_csv(text)
    assert [row.payout for row in back] == ["paid", CHAIN_ONLY]  # oldest first
    chain_row = back[1]
    assert (chain_row.cost, chain_row.fee, chain_row.rate, chain_row.exchange_id) == (
        None, None, None, "")
    assert (chain_row.amount, chain_row.txid, chain_row.address, chain_row.pair) == (
        paid(alone).amount, paid(alone).txid, paid(alone).bitcoin_address, named.pair)
    assert chain_row.date == datetime.fromisoformat(known.first_seen)
    cells = lines[2].split(",")
    assert cells[2:5] == ["", "", ""] and cells[8:] == ["", CHAIN_ONLY]
    assert cells[5] == f"{paid(alone).amount.quantize(BTC_QUANT):f}"  # 8 decimals, as Pocket's
    pocket_row = back[0]
    assert (pocket_row.cost, pocket_row.exchange_id) == (named.cost, named.id)
