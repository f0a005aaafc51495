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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from pocketgui.api.models import ExchangeStatus
from pocketgui.bitcoin.amounts import BTC_QUANT, FIAT_QUANT
from pocketgui.history.purchases import Purchase

CSV_COLUMNS = ("date", "pair", "cost", "fee", "rate", "amount", "txid", "address", "exchange_id",
               "payout")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvRow:
    date: datetime
    pair: str
    cost: Decimal
    fee: Decimal
    rate: Decimal
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


def purchases_csv(purchases: Iterable[Purchase]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    rows = sorted((p for p in purchases if p.executed), key=lambda p: (p.when, p.id))
    for purchase in rows:
        exchange = purchase.exchange
        assert exchange.executed_on and exchange.amount is not None
        assert exchange.rate is not None and exchange.fee is not None
        writer.writerow([
            _date(exchange.executed_on), exchange.pair,
            exact_text(exchange.cost, FIAT_QUANT), exact_text(exchange.fee, FIAT_QUANT),
            exact_text(exchange.rate, FIAT_QUANT), exact_text(exchange.amount, BTC_QUANT),
            _cell(purchase.txid), _cell(purchase.address), _cell(purchase.id),
            payout_word(purchase),
        ])
    return out.getvalue()


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
            rows.append(CsvRow(datetime.fromisoformat(date), pair, Decimal(cost), Decimal(fee),
                               Decimal(rate), Decimal(amount), _uncell(txid), _uncell(address),
                               _uncell(exchange_id), payout))
        except ArithmeticError as exc:
            raise ValueError(f"line {number}: not a number ({exc})") from None
    return rows
