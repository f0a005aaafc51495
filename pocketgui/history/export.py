"""Purchases as CSV for accounting, and the parser that reads it back (the round-trip test).

Columns: date, pair, cost, fee, rate, amount, txid, address, exchange_id, payout — one row per
executed purchase (a refunded or interrupted transfer bought nothing), oldest first. Numbers are the
Decimals of Pocket's answers written with `f` (fiat 2 decimals, BTC 8 where that is exact),
never through a float, so a spreadsheet or a script reads back exactly what Pocket said. Dates
are ISO-8601 UTC. Text cells that a spreadsheet would run as a formula (a leading = + - @) are
prefixed with an apostrophe; txids and addresses never start that way, so this only ever
defuses something forged. `payout` says whether the bitcoin reached the person: "paid" only when
it did as far as we can tell (`Purchase.paid_out`), else "pending", "failed", "not proven" (a
lightning payout without its preimage) or "not your wallet".

A payout known from the chain alone (Pocket paid the order's wallet, its news never arrived:
`ChainPurchase`) is a row too, so the records hold every bitcoin that reached the wallet: its
date is when the app first saw it on the chain, its amount what the wallet received, its cost,
fee, rate and exchange_id are empty (not known until Pocket names it; then it is that purchase's
row, never a second one: `onchain.unnamed`), and `payout` says "chain-only".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from pocketgui.api.models import ExchangeStatus
from pocketgui.bitcoin.amounts import BTC_QUANT, FIAT_QUANT
from pocketgui.history.onchain import ChainPurchase, unnamed
from pocketgui.history.purchases import Purchase

CSV_COLUMNS = ("date", "pair", "cost", "fee", "rate", "amount", "txid", "address", "exchange_id",
               "payout")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHAIN_ONLY = "chain-only"  # the `payout` word of a payout known from the chain alone


@dataclass(frozen=True)
class CsvRow:
    date: datetime
    pair: str
    cost: Decimal | None  # None: a payout known from the chain alone (`CHAIN_ONLY`)
    fee: Decimal | None
    rate: Decimal | None
    amount: Decimal
    txid: str
    address: str
    exchange_id: str
    payout: str


def exact_text(value: Decimal, quant: Decimal) -> str:
    """`value` with the unit's decimals when that loses nothing, else every digit it has."""
    quantized = value.quantize(quant)
    return f"{quantized if quantized == value else value:f}"


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def payout_word(purchase: Purchase) -> str:
    """Where the purchase's bitcoin stands, in the export's words (see the module docstring)."""
    if purchase.unproven is not None:
        return "not proven"
    if purchase.mismatch:
        return "not your wallet"
    if purchase.paid_out:
        return "paid"
    return "failed" if purchase.state is ExchangeStatus.PAYOUT_FAILED else "pending"


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def purchases_csv(purchases: Iterable[Purchase], known_from_chain: Sequence[ChainPurchase] = (),
                  pair: str = "") -> str:
    """Pocket's executed `purchases` and the payouts `known_from_chain` alone (of one order,
    whose `pair` their rows get), oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    purchases = list(purchases)
    rows: list[tuple[datetime, str, list[str]]] = []
    for purchase in purchases:
        if not purchase.executed:
            continue
        exchange = purchase.exchange
        assert exchange.executed_on and exchange.amount is not None
        assert exchange.rate is not None and exchange.fee is not None
        rows.append((exchange.executed_on, purchase.id, [
            _date(exchange.executed_on), exchange.pair,
            exact_text(exchange.cost, FIAT_QUANT), exact_text(exchange.fee, FIAT_QUANT),
            exact_text(exchange.rate, FIAT_QUANT), exact_text(exchange.amount, BTC_QUANT),
            _cell(purchase.txid), _cell(purchase.address), _cell(purchase.id),
            payout_word(purchase),
        ]))
    for payout in unnamed(known_from_chain, purchases):
        seen = datetime.fromisoformat(payout.first_seen)
        rows.append((seen, f"{payout.txid}:{payout.vout}", [
            _date(seen), pair, "", "", "", exact_text(payout.amount, BTC_QUANT),
            _cell(payout.txid), _cell(payout.address), "", CHAIN_ONLY,
        ]))
    for _when, _key, cells in sorted(rows, key=lambda row: (row[0], row[1])):
        writer.writerow(cells)
    return out.getvalue()


def _number(cell: str, optional: bool) -> Decimal | None:
    return None if optional and cell == "" else Decimal(cell)


def parse_csv(text: str) -> list[CsvRow]:
    """Read an export back; raises ValueError on anything that is not one."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != CSV_COLUMNS:
        raise ValueError(f"not a pocketgui purchases export (columns {header})")
    rows = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != len(CSV_COLUMNS):
            raise ValueError(f"line {number}: {len(cells)} cells, expected {len(CSV_COLUMNS)}")
        date, pair, cost, fee, rate, amount, txid, address, exchange_id, payout = cells
        try:
            chain_only = payout == CHAIN_ONLY  # cost, fee and rate not known
            rows.append(CsvRow(datetime.fromisoformat(date), pair, _number(cost, chain_only),
                               _number(fee, chain_only), _number(rate, chain_only),
                               Decimal(amount), _uncell(txid), _uncell(address),
                               _uncell(exchange_id), payout))
        except ArithmeticError as exc:
            raise ValueError(f"line {number}: not a number ({exc})") from None
    return rows
