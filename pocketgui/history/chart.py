"""The chart's data: the price paid in each purchase and the running average after it.

One point per executed purchase, in the order Pocket executed them: `price` is the purchase's
exchange rate, `average` the volume-weighted average price of every purchase up to and including
it (the same definition as `totals.average_price`, so the line ends at the order's average).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pocketgui.history.purchases import Purchase
from pocketgui.history.totals import average_price


@dataclass(frozen=True)
class ChartPoint:
    when: datetime
    price: Decimal
    average: Decimal
    cost: Decimal
    exchange_id: str


def chart_points(purchases: Iterable[Purchase]) -> list[ChartPoint]:
    executed = sorted((p for p in purchases if p.executed and p.exchange.rate is not None),
                      key=lambda p: (p.exchange.executed_on, p.id))
    points = []
    net = amount = Decimal(0)
    for purchase in executed:
        exchange = purchase.exchange
        assert exchange.executed_on is not None and exchange.rate is not None
        assert exchange.amount is not None
        net += exchange.cost - (exchange.fee or 0)
        amount += exchange.amount
        average = average_price(net, amount)
        points.append(ChartPoint(exchange.executed_on, exchange.rate,
                                 average if average is not None else exchange.rate,
                                 exchange.cost, purchase.id))
    return points
