"""pocketgui.history: what was bought, at what price, and where it went — from the store (no Qt).

The dashboard shows these values; they are computed here so they can be tested without a
window and reused by a script: `purchases` (one row per exchange), `totals` (per order),
`orders` (an order's summary), `chart` (price per purchase, running average), `export` (CSV for
accounting, and its parser), `texts` (plain words for states, refunds and actions),
`preferences` (block explorer and identification page), `onchain` (confirmations from the chain
and purchases known from the chain alone), `snapshot` (all of it, in one read).
"""

from pocketgui.history.chart import ChartPoint, chart_points
from pocketgui.history.export import CHAIN_ONLY, CSV_COLUMNS, CsvRow, parse_csv, purchases_csv
from pocketgui.history.money import format_btc, format_fee_rate, format_fiat, parse_fee_percent
from pocketgui.history.onchain import (
    RECEIVED_FROM_POCKET,
    ChainPurchase,
    ChainView,
    load_chain_view,
    unnamed,
)
from pocketgui.history.orders import OrderSummary, payout_summary, summarize_order
from pocketgui.history.preferences import DashboardPreferences
from pocketgui.history.purchases import Purchase, Step, TimelineStep, timeline
from pocketgui.history.snapshot import HistorySnapshot, load_history
from pocketgui.history.texts import (
    NOTIFIED_STATES,
    action_text,
    mismatch_text,
    notification_text,
    purchase_label,
    refund_text,
    state_label,
)
from pocketgui.history.totals import Totals, totals

__all__ = [
    "CHAIN_ONLY",
    "CSV_COLUMNS",
    "NOTIFIED_STATES",
    "RECEIVED_FROM_POCKET",
    "ChainPurchase",
    "ChainView",
    "ChartPoint",
    "CsvRow",
    "DashboardPreferences",
    "HistorySnapshot",
    "OrderSummary",
    "Purchase",
    "Step",
    "TimelineStep",
    "Totals",
    "action_text",
    "chart_points",
    "format_btc",
    "format_fee_rate",
    "format_fiat",
    "load_chain_view",
    "load_history",
    "mismatch_text",
    "notification_text",
    "parse_csv",
    "parse_fee_percent",
    "payout_summary",
    "purchase_label",
    "purchases_csv",
    "refund_text",
    "state_label",
    "summarize_order",
    "timeline",
    "totals",
    "unnamed",
]
