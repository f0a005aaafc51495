"""What one round of chain news (`pocketgui.chain.SyncReport`) means for Pocket's exchanges.

- Each payout a wallet saw is kept in the store, linked to Pocket's exchange whose payout names
  the same txid (Pocket's news, when it exists); without one it is a purchase known from the
  chain alone, which the history lists as "received from Pocket".
- Pocket's word is checked against the chain, and each disagreement is an alarm shown like a
  payout to a foreign address:
  - `chain_tx_missing`: Pocket says the payout was sent, but its transaction is still not on
    chain `MISSING_AFTER` blocks after the app first looked for it;
  - `chain_amount_mismatch`: the output Pocket named pays another amount than Pocket says;
  - `chain_address_mismatch`: Pocket's transaction pays another address at the output it named.
Pure bookkeeping: no network (the watcher already asked), so the tracker runs it in its lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from pocketgui.api import jsonio
from pocketgui.api.errors import PocketError
from pocketgui.api.models import Exchange, OnchainPayout
from pocketgui.bitcoin.amounts import BTC_QUANT
from pocketgui.chain.wallets import ChainPayout
from pocketgui.chain.watcher import SyncReport
from pocketgui.i18n.catalog import _
from pocketgui.store.repository import ChainPayoutRow, Store

CHAIN_TX_MISSING = "chain_tx_missing"
CHAIN_AMOUNT_MISMATCH = "chain_amount_mismatch"
CHAIN_ADDRESS_MISMATCH = "chain_address_mismatch"
CHAIN_FLAGS = frozenset({CHAIN_TX_MISSING, CHAIN_AMOUNT_MISMATCH, CHAIN_ADDRESS_MISMATCH})
MISSING_AFTER = 3  # blocks: a payout broadcast in a batch is mined within a few blocks

Raise = Callable[[Exchange, str, str], None]  # exchange, flag, explanation


@dataclass(frozen=True)
class _Said:
    """What Pocket said about one on-chain payout."""

    exchange: Exchange
    payout: OnchainPayout


def absorb(store: Store, report: SyncReport, raise_alarm: Raise) -> None:
    """Record `report` in the store and raise every disagreement (see the module docstring)."""
    environment = report.environment
    if not report.ok:
        store.save_chain_status(environment, report.source, error=report.error)
        return
    info = report.info
    assert info is not None
    said = _pocket_payouts(store, environment)
    seen: dict[str, list[ChainPayout]] = {}
    rows = []
    for order in report.orders.values():
        for payout in order.payouts:
            seen.setdefault(payout.txid, []).append(payout)
            match = said.get(payout.txid)
            rows.append(ChainPayoutRow(
                match.exchange.order_id if match else order.order_id, payout.txid, payout.vout,
                payout.address, payout.path, f"{payout.amount:f}", payout.height,
                match.exchange.id if match else None))
    store.record_chain_payouts(environment, rows)
    for txid, pocket in said.items():
        if txid in seen:
            store.found_on_chain(pocket.exchange.id)
            outputs = {p.vout: (p.address, p.amount) for p in seen[txid]}
            _compare(pocket, outputs.get(pocket.payout.outpoint), raise_alarm)
            continue
        on_chain = report.transactions.get(txid)
        if on_chain is None:
            since = store.expect_on_chain(pocket.exchange.id, txid, info.tip_height)
            if info.tip_height - since >= MISSING_AFTER:
                raise_alarm(pocket.exchange, CHAIN_TX_MISSING, _missing(pocket, since))
            continue
        store.found_on_chain(pocket.exchange.id)
        output = next((o for o in on_chain if o.vout == pocket.payout.outpoint), None)
        _compare(pocket, None if output is None else (output.address or "", output.amount),
                 raise_alarm)
    store.save_chain_status(environment, report.source, tip_height=info.tip_height,
                            chain=info.chain)


def _compare(pocket: _Said, output: tuple[str, Decimal] | None, raise_alarm: Raise) -> None:
    payout, exchange = pocket.payout, pocket.exchange
    if output is None or output[0] != payout.bitcoin_address:
        said = {"exchange": exchange.id, "outpoint": f"{payout.txid}:{payout.outpoint}",
                "address": payout.bitcoin_address}
        raise_alarm(exchange, CHAIN_ADDRESS_MISMATCH, _(
            "Exchange {exchange}: Pocket says its payout {outpoint} pays {address}, but on the "
            "blockchain there is no such output. Keep this record and contact Pocket support."
        ).format(**said) if output is None else _(
            "Exchange {exchange}: Pocket says its payout {outpoint} pays {address}, but on the "
            "blockchain that output pays {paid}. Keep this record and contact Pocket support."
        ).format(paid=output[0] or _("a script"), **said))
        return
    chain_amount = output[1].quantize(BTC_QUANT)
    if chain_amount != payout.amount.quantize(BTC_QUANT):
        raise_alarm(exchange, CHAIN_AMOUNT_MISMATCH, _(
            "Exchange {exchange}: Pocket says it paid {said} BTC, but the blockchain shows "
            "{seen} BTC at {outpoint}. Keep this record and contact Pocket support.").format(
            exchange=exchange.id, said=f"{payout.amount:f}", seen=f"{chain_amount:f}",
            outpoint=f"{payout.txid}:{payout.outpoint}"))


def _missing(pocket: _Said, since: int) -> str:
    return _("Exchange {exchange}: Pocket says its payout was sent in transaction {txid}, but "
             "the blockchain has not shown it since block {since} ({blocks} or more blocks). "
             "Keep this record and contact Pocket support.").format(
        exchange=pocket.exchange.id, txid=pocket.payout.txid, since=f"{since:,}",
        blocks=MISSING_AFTER)


def _pocket_payouts(store: Store, environment: str) -> dict[str, _Said]:
    """txid → Pocket's latest word on that payout, for the environment's exchanges."""
    said: dict[str, _Said] = {}
    for stored in store.exchanges(environment):
        try:
            exchange = Exchange.from_wire(jsonio.loads(stored.raw_json))
        except (ValueError, PocketError):
            continue
        if isinstance(exchange.payout, OnchainPayout):
            said[exchange.payout.txid.lower()] = _Said(exchange, exchange.payout)
    return said
