"""pocketgui.store: the local SQLite store (no Qt). See `repository` for what it keeps and why."""

from pocketgui.store.repository import (
    ChainPayoutRow,
    ChainStatus,
    Intent,
    IntentOutcome,
    StateRecord,
    Store,
    StoredChainPayout,
    StoredExchange,
    StoredOrder,
    WebhookDelivery,
    default_path,
)
from pocketgui.store.schema import SCHEMA_VERSION, SchemaTooNew

__all__ = [
    "SCHEMA_VERSION",
    "ChainPayoutRow",
    "ChainStatus",
    "Intent",
    "IntentOutcome",
    "SchemaTooNew",
    "StateRecord",
    "Store",
    "StoredChainPayout",
    "StoredExchange",
    "StoredOrder",
    "WebhookDelivery",
    "default_path",
]
