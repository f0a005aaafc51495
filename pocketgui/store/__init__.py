"""pocketgui.store: the local SQLite store (no Qt). See `repository` for what it keeps and why."""

from pocketgui.store.repository import (
    Intent,
    IntentOutcome,
    StateRecord,
    Store,
    StoredExchange,
    StoredOrder,
    WebhookDelivery,
    default_path,
)
from pocketgui.store.schema import SCHEMA_VERSION, SchemaTooNew

__all__ = [
    "SCHEMA_VERSION",
    "Intent",
    "IntentOutcome",
    "SchemaTooNew",
    "StateRecord",
    "Store",
    "StoredExchange",
    "StoredOrder",
    "WebhookDelivery",
    "default_path",
]
